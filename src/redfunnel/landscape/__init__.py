"""Where each bank stands: metrics, rankings, account diagnosis and the industry report."""
