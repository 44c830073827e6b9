"""The licence table: every spelling of one licence maps to one row."""

import pytest

from registry.imports.licenses import CUSTOM, Unmapped, map_license
from registry.models import CommercialUse, LicenseCategory, validate_spdx_id


@pytest.mark.parametrize(
    "text, spdx_id",
    [
        ("Apache-2.0", "Apache-2.0"),
        ("apache-2.0", "Apache-2.0"),
        ("Apache 2.0", "Apache-2.0"),
        ("Apache license 2.0", "Apache-2.0"),
        ("Apache License 2.0", "Apache-2.0"),
        ("MIT", "MIT"),
        ("MIT License", "MIT"),
        ("MIT license", "MIT"),
        ("BSD-3", "BSD-3-Clause"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("CC BY-SA 4.0", "CC-BY-SA-4.0"),
        ("Creative Commons Attribution Non Commercial 4.0", "CC-BY-NC-4.0"),
        ("GNU General Public License v3.0", "GPL-3.0-only"),
        ("Llama 2 Community License Agreement", "LicenseRef-Llama-2-Community"),
        ("Llama 2 Community License", "LicenseRef-Llama-2-Community"),
        ("Meta Llama 3 Community License", "LicenseRef-Llama-3-Community"),
        ("Llama 3 Community License Agreement", "LicenseRef-Llama-3-Community"),
        ("Gemma Terms of Use", "LicenseRef-Gemma-Terms-of-Use"),
        ("gemma", "LicenseRef-Gemma-Terms-of-Use"),
        ("Gemma", "LicenseRef-Gemma-Terms-of-Use"),
        (" Falcon-180B TII License", "LicenseRef-Falcon-180B-TII"),
        ("tongyi-qianwen", "LicenseRef-Tongyi-Qianwen"),
        ("Qwen License Agreement", "LicenseRef-Tongyi-Qianwen"),
        (
            "arXiv.org perpetual, non-exclusive license 1.0",
            "LicenseRef-arXiv-Nonexclusive-Distrib-1.0",
        ),
        ("arxiv non exclusive", "LicenseRef-arXiv-Nonexclusive-Distrib-1.0"),
    ],
)
def test_spellings_map_to_one_licence(text, spdx_id):
    assert map_license(text).terms.spdx_id == spdx_id


@pytest.mark.parametrize("text", ["", None, "Unknown", "Undisclosed", "Various", "None"])
def test_strings_that_state_no_licence_map_to_none(text):
    mapped = map_license(text)
    assert mapped.terms is None and not mapped.unlicensed and not mapped.not_included


def test_unlicensed_and_not_included_components():
    assert map_license("unlicensed").unlicensed
    for text in [
        "Component not included",
        "Component Component not included",
        "Component not include.",
    ]:
        assert map_license(text).not_included


@pytest.mark.parametrize(
    "text",
    ["Apache-2.0 and CC-BY-NC-4.0 and additional terms", "Modified MIT License", "BSD", "pubmed"],
)
def test_combinations_and_unknown_strings_are_refused_not_guessed(text):
    with pytest.raises(Unmapped):
        map_license(text)


def test_spdx_terms_follow_the_licence_family():
    assert map_license("CC-BY-NC-4.0").terms.commercial_use == CommercialUse.FORBIDDEN
    assert map_license("GPL-3.0-only").terms.category == LicenseCategory.COPYLEFT
    assert map_license("CC-BY-SA-4.0").terms.category == LicenseCategory.COPYLEFT
    assert map_license("MIT").terms.category == LicenseCategory.PERMISSIVE


def test_every_custom_licence_has_a_valid_id():
    for terms in CUSTOM.values():
        validate_spdx_id(terms.spdx_id)
        assert terms.spdx_id.startswith("LicenseRef-")
    assert len({terms.spdx_id for terms in CUSTOM.values()}) == len(CUSTOM)
