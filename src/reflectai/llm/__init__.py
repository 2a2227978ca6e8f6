"""The LLM engine's parts: client, prompts, privacy, cache, token budget."""
