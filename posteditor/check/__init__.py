"""`posteditor check`: source/target QA checks (qa) and the linter that reports findings in
text, JSON, JUnit, SARIF and GitHub annotations (lint)."""
