"""One module per schema revision, applied in order of `down_revision`."""
