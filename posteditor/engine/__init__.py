"""The rule engine: the fixing loop (pipeline), rule files and their templates, gates, the
config, the on-disk cache, and the rules' self-test."""
