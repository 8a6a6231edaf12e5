"""ISPmanager (COREmanager) func API."""
