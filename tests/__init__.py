"""Tests for the Growatt integration, its client and its emulator."""
