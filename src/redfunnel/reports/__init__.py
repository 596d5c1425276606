"""Reports: each domain builds a ``Section``; renderers turn sections into HTML, XLSX and PDF."""
