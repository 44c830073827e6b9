"""The vocabulary synthetic rows are drawn from: weighted so the data looks like a model hub's.

Weights are relative. Names share a few very common tokens (families like "llama" and "qwen",
variants like "instruct" and "chat", sizes like "7b") and one rare token per publisher
handle, so a search benchmark has both broad and selective terms.
"""

from registry.models import AccessLevel, EventKind, Modality, ModelKind

# Every synthetic row's slug starts with this, so synthetic data can be told apart from real
# data and removed without touching it.
PREFIX = "syn-"

COUNTRIES = [
    ("US", 40),
    ("CN", 25),
    ("FR", 6),
    ("GB", 6),
    ("DE", 5),
    ("CA", 4),
    ("KR", 3),
    ("JP", 3),
    ("IL", 2),
    ("AE", 2),
    ("IN", 2),
    ("SG", 2),
]

COMPANY_SUFFIXES = ["AI", "Labs", "Research", "Technologies", "Intelligence", "Systems", "Group"]

# (slug, name, SPDX id, category, commercial use, MAU limit, weight); None: license unknown.
LICENSES = [
    ("apache-2-0", "Apache License 2.0", "Apache-2.0", "permissive", "allowed", None, 34),
    ("mit", "MIT License", "MIT", "permissive", "allowed", None, 18),
    ("bsd-3-clause", "BSD 3-Clause", "BSD-3-Clause", "permissive", "allowed", None, 2),
    ("gpl-3-0", "GNU GPL v3.0", "GPL-3.0-only", "copyleft", "allowed", None, 2),
    (
        "cc-by-4-0",
        "Creative Commons Attribution 4.0",
        "CC-BY-4.0",
        "permissive",
        "allowed",
        None,
        3,
    ),
    (
        "cc-by-nc-4-0",
        "Creative Commons Attribution Non Commercial 4.0",
        "CC-BY-NC-4.0",
        "open-restricted",
        "forbidden",
        None,
        5,
    ),
    (
        "llama-community",
        "Llama Community License",
        "LicenseRef-syn-llama-community",
        "open-restricted",
        "restricted",
        700_000_000,
        12,
    ),
    (
        "gemma-terms",
        "Gemma Terms of Use",
        "LicenseRef-syn-gemma",
        "open-restricted",
        "restricted",
        None,
        4,
    ),
    (
        "openrail-m",
        "Responsible AI License (OpenRAIL-M)",
        "LicenseRef-syn-openrail-m",
        "open-restricted",
        "restricted",
        None,
        5,
    ),
    (
        "proprietary",
        "Proprietary terms of service",
        "LicenseRef-syn-proprietary",
        "proprietary",
        "restricted",
        None,
        6,
    ),
]
UNKNOWN_LICENSE_WEIGHT = 9

# (family, versions, modality, weight): the families that dominate public hubs.
FAMILIES = [
    ("llama", ["2", "3", "3.1", "3.2", "3.3", "4"], Modality.TEXT, 22),
    ("qwen", ["1.5", "2", "2.5", "3"], Modality.TEXT, 18),
    ("mistral", ["0.1", "0.2", "0.3"], Modality.TEXT, 9),
    ("mixtral", ["8x7b", "8x22b"], Modality.TEXT, 2),
    ("gemma", ["1", "2", "3"], Modality.TEXT, 7),
    ("phi", ["2", "3", "3.5", "4"], Modality.TEXT, 5),
    ("deepseek", ["v2", "v3", "r1"], Modality.TEXT, 5),
    ("glm", ["4"], Modality.TEXT, 2),
    ("yi", ["1.5"], Modality.TEXT, 1),
    ("falcon", ["7b", "40b", "180b"], Modality.TEXT, 2),
    ("starcoder", ["1", "2"], Modality.CODE, 2),
    ("codellama", ["1"], Modality.CODE, 2),
    ("bert", ["base", "large"], Modality.TEXT, 6),
    ("t5", ["small", "base", "large"], Modality.TEXT, 2),
    ("whisper", ["small", "medium", "large-v3"], Modality.AUDIO, 3),
    ("stable-diffusion", ["1.5", "xl", "3.5"], Modality.IMAGE, 6),
    ("flux", ["1"], Modality.IMAGE, 2),
    ("wan", ["2.1", "2.2"], Modality.VIDEO, 1),
    ("hunyuan3d", ["2"], Modality.THREE_D, 1),
    ("llava", ["1.5", "1.6"], Modality.MULTIMODAL, 2),
]

# (label, parameters): the sizes most published checkpoints come in.
SIZES = [
    ("0.5b", 500_000_000, 4),
    ("1.5b", 1_500_000_000, 6),
    ("3b", 3_000_000_000, 6),
    ("7b", 7_000_000_000, 20),
    ("8b", 8_000_000_000, 14),
    ("13b", 13_000_000_000, 6),
    ("14b", 14_000_000_000, 5),
    ("32b", 32_000_000_000, 5),
    ("70b", 70_000_000_000, 6),
    ("72b", 72_000_000_000, 3),
    ("405b", 405_000_000_000, 1),
]

# (token, kind, weight): "" is the plain base checkpoint.
VARIANTS = [
    ("", ModelKind.BASE, 14),
    ("instruct", ModelKind.CHAT, 26),
    ("chat", ModelKind.CHAT, 14),
    ("gguf", ModelKind.CHAT, 12),
    ("awq", ModelKind.CHAT, 4),
    ("gptq", ModelKind.CHAT, 4),
    ("lora", ModelKind.CHAT, 6),
    ("dpo", ModelKind.CHAT, 4),
    ("reasoning", ModelKind.REASONING, 4),
    ("distill", ModelKind.DISTILLED, 5),
    ("agent", ModelKind.AGENT, 2),
    ("code", ModelKind.CHAT, 5),
]

ACCESS = [
    (AccessLevel.OPEN_UNRESTRICTED, 48),
    (AccessLevel.OPEN_RESTRICTED, 30),
    (AccessLevel.OPEN_NONCOMMERCIAL, 7),
    (AccessLevel.API, 9),
    (AccessLevel.HOSTED, 4),
    (AccessLevel.UNRELEASED, 2),
]

# Events after a model's release, with the chance each kind is picked.
LATER_EVENTS = [
    (EventKind.ANNOUNCEMENT, 30),
    (EventKind.LICENSE_CHANGE, 20),
    (EventKind.OPEN_SOURCING, 15),
    (EventKind.PRICING_CHANGE, 15),
    (EventKind.RELEASE, 20),
]

SYLLABLES = [c + v for c in "bdfgklmnprstvzh" for v in "aeiou"] + ["th", "x", "qu", "ny"]
