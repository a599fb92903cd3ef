"""Plain data every layer uses: findings, rules, configuration, masking, paths."""
