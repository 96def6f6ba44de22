"""Bilingual NLU: Rasa graph components configured in config.yml (see docs/nlu.md).

Components: `tokenizer.BilingualTokenizer`, `criteria_featurizer.CriteriaFeaturizer` and
`FactCueFeaturizer`, `intent.LinearIntentClassifier`, `language_detector.LanguageDetector`,
`extractor.DeterministicEntityExtractor`, `facts.FactExtractor`,
`severity.CharacterSeverityView` and `SeverityClassifier`, `case_type.CaseTypeClassifier`.
Their tables are the YAML files beside this module.
"""
