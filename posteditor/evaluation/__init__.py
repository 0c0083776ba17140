"""Scoring against references (sacrebleu: BLEU, chrF, TER, paired tests, signatures), the
benchmark harness with ablations, and the corpus readers they use."""
