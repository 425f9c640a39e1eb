"""What several test modules share: sites, models and checks, one module per idea.

A test module imports from here (or from conftest, or a tool module beside the tests such as
chromium or receivers), never from another test module: a helper then has one home, and running
one test module never collects another's tests (tests/test_test_layout.py checks it).
"""
