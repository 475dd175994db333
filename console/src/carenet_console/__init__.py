"""CareNet console: server-rendered pages for people, reached through the gateway at `/console/`."""
