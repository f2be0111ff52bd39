"""Domain model of the kiosk: offers, age bands, needs, matching and opening hours."""
