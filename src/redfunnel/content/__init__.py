"""Labels the content classifiers give each note and the analyses around them."""
