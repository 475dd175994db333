"""One module per group of pages: thin handlers that call the gateway and render a template."""
