"""The eval runner behind `reflectai eval`: suites as data, scorers, saved runs."""
