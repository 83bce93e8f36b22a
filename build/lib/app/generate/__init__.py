"""Generation with Mistral: prompts, the model client, conversation rewriting and citation checking."""
