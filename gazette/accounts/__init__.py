"""Reader accounts: sign-up with email confirmation, log-in, password reset, deletion."""
