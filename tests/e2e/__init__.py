"""The demo in a real browser: Home Assistant's own frontend, driven by Playwright."""
