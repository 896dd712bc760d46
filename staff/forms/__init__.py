"""The staff area's forms, one module per screen. They parse input; the services in the
apps check and write."""
