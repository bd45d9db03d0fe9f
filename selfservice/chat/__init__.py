"""The chat: the questionnaire as a conversation, and answers from the glossary and FAQ."""
