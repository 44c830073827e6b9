"""Names the datasets and the registry give the same organisation or model.

Company names are compared by ``name_key()`` (case, spaces and punctuation ignored), after
``COMPANIES`` maps an alias to the name the registry uses; ``MODELS`` ties a dataset file to
a registry model its names do not match.
"""

from .records import name_key

COMPANIES = {
    name_key(alias): name_key(name)
    for name, names in {
        "DeepSeek": ["DeepSeek AI"],
        "Alibaba Cloud": ["Alibaba", "Alibaba Group"],
        "Google": ["Google AI", "Google DeepMind"],
        "Meta": ["FAIR (Fundamental Artificial Intelligence Research)"],
        "Zhipu AI": ["Zhipu AI (Z.ai)"],
        "ManusAI": ["Manus"],
        "Beijing Academy of Artificial Intelligence": [
            "BAAI",
            "Beijing Academy of Artificial Intelligence（BAAl）",
        ],
        "Ai2": ["Allen Institute for AI"],
        "AI21": ["AI21 Labs"],
        "Mistral AI": ["Mistral"],
        "Cohere AI": ["Cohere"],
        "Shanghai AI Laboratory": ["Shanghai AI Lab"],
        "BigCode": ["BigCode Project"],
        "BigScience Workshop": ["BigScience"],
        "Technology Innovation Institute": ["Technology Innovation Institute, LightOn"],
        "Together Computer": ["TogetherAI"],
        "Adept AI Labs": ["Adept AI"],
        "AI Sweden": ["AI Sweden, RISE"],
        "Baichuan Intelligent Technology": ["Baichuan AI"],
        "Stanford University CRFM": ["Stanford CRFM"],
        "Minimax AI": ["MiniMax"],
    }.items()
    for alias in names
}

# (dataset, file) -> registry model slug, for records whose names match no model's name.
MODELS = {
    ("osai", "llama-3.3.yaml"): "llama-3-3-70b",
}


def company_key(name: str) -> str:
    key = name_key(name)
    return COMPANIES.get(key, key)
