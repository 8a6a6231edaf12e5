"""Plesk XML API (agent.php)."""
