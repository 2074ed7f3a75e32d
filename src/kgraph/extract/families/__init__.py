"""The claim families: each reads one kind of claim from a sentence, through a DocumentContext."""
