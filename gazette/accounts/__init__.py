"""Reader accounts: sign-up, email confirmation, log-in, password reset, deletion."""
