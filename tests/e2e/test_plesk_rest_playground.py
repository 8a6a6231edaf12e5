"""The "API Reference and Playground" in a real headless browser (Debian's chromium): the page loads
from the panel itself, lists every operation, and a "try it out" call authorised in the page succeeds."""
import shutil
import tempfile

import pytest

from polypanel.dialects.plesk_rest import spec
from tests.conftest import ADMIN_PASSWORD
from tests.installed import require_binary

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def browser():
    require_binary("chromedriver", *([] if CHROMIUM else ["chromium"]))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="pp-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--ignore-certificate-errors", "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_playground_lists_operations_and_try_it_out_works(plesk, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    browser.get(plesk.url("plesk_https", "/api/v2/"))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))
    assert "Plesk RESTful API" in browser.find_element(By.CSS_SELECTOR, ".info .title").text
    # Swagger UI shows an operation under each of its tags (POST /server/session is in two).
    ops = [op for item in spec.openapi3()["paths"].values() for m, op in item.items() if m in spec.METHODS]
    blocks = browser.find_elements(By.CSS_SELECTOR, ".opblock")
    assert len(blocks) == sum(len(op.get("tags") or [""]) for op in ops)
    shown = {(b.find_element(By.CSS_SELECTOR, ".opblock-summary-method").text.strip(),
              b.find_element(By.CSS_SELECTOR, ".opblock-summary-path").text.strip()) for b in blocks}
    assert len(shown) == spec.operation_count() == 50 and ("POST", "/server/session") in shown
    # Every asset came from the panel itself: no CDN.
    hosts = browser.execute_script("return performance.getEntriesByType('resource').map(e => new URL(e.name).host)")
    assert set(hosts) == {f"127.0.0.1:{plesk.ports['plesk_https']}"}

    # Authorise with Basic in the page's dialog.
    browser.find_element(By.CSS_SELECTOR, ".auth-wrapper .authorize").click()
    dialog = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".dialog-ux .modal-ux")))
    wrappers = dialog.find_elements(By.CSS_SELECTOR, ".auth-container")
    assert any("APIKeyHeader" in w.text and "X-API-Key" in w.text for w in wrappers)  # the other way in
    basic = next(w for w in wrappers if "BasicAuth" in w.text)
    basic.find_element(By.CSS_SELECTOR, "input[type=text]").send_keys("admin")
    basic.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys(ADMIN_PASSWORD)
    basic.find_element(By.CSS_SELECTOR, "button.authorize").click()
    wait.until(lambda d: "Logout" in basic.text)
    dialog.find_element(By.CSS_SELECTOR, "button.btn-done").click()

    # Try GET /server out.
    block = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".opblock.opblock-get")
                 if b.find_element(By.CSS_SELECTOR, ".opblock-summary-path").text.strip() == "/server")
    block.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
    wait.until(lambda d: block.find_elements(By.CSS_SELECTOR, ".try-out__btn"))
    block.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
    wait.until(lambda d: block.find_elements(By.CSS_SELECTOR, ".execute"))
    block.find_element(By.CSS_SELECTOR, ".execute").click()
    status = wait.until(lambda d: block.find_elements(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_status"))
    assert status[0].text.strip().startswith("200"), block.text
    body = block.find_element(By.CSS_SELECTOR, ".live-responses-table tr.response .response-col_description").text
    assert '"platform": "Unix"' in body
