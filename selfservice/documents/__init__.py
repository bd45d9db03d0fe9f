"""Documents: the applicant's PDF of a household's answers, bilingual and safe to render."""
