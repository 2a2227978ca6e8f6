"""Question engines. All return a `QuestionSet` whose questions passed the tone checker."""
