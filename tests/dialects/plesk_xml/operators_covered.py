"""The (operator, operation) pairs agent.php implements, for the recorded-reply test."""
from polypanel.dialects.plesk_xml.operators import OPERATORS

COVERED = {(operator, operation) for operator, table in OPERATORS.items() for operation in table}
