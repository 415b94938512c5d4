"""Reports: runs, results.json, plotting, fonts, HTML pages."""
