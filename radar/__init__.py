"""WB-OCR Radar: data, scoring and charts of the Western Balkans Organized Crime Radar."""
