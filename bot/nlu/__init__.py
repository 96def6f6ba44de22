"""Bilingual NLU: Rasa graph components configured in config.yml (see docs/nlu.md).

Components: `tokenizer.BilingualTokenizer`, `criteria_featurizer.CriteriaFeaturizer` and
`FactCueFeaturizer`, `text_chars.TextCharacterFeaturizer`, `intent.LinearIntentClassifier`,
`language_detector.LanguageDetector`, `extractor.DeterministicEntityExtractor`,
`facts.FactExtractor`,
`severity.CharacterSeverityView` and `SeverityClassifier`, `case_type.CharacterCaseTypeView`
and `CaseTypeClassifier`.
Their tables are the YAML files beside this module.
"""
