"""What the explorer's AppTest files share: running a page and checking it showed no error."""

from streamlit.testing.v1 import AppTest


def run_page(at: AppTest) -> AppTest:
    """Run (or rerun) the page; it must raise nothing and show no error."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at
