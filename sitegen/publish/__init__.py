"""Publishing: findings for CI (GitHub workflow commands and the step summary)
and ``--changed-since`` (findings limited to what a change touched)."""
