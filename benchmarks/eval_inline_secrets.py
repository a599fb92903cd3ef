"""Precision and recall of inline-secrets per placement, side by side with detect-secrets.

usage: python benchmarks/eval_inline_secrets.py --gitleaks DIR [--keep DIR] [-v]

Samples come from two sources, neither of them the hook's rules:

* gitleaks' published rule samples: the true and false samples of every rule in
  ``cmd/generate/config/rules/*.go`` of a gitleaks checkout (MIT License, Copyright (c)
  2019 Zachary Rice; pass the checkout with ``--gitleaks``; nothing of it is committed
  here). Literal samples are taken as written; generated ones (``secrets.NewSecret(regex)``)
  are generated here from the same regex with a fixed seed.
* ``DOCUMENTED``: token formats as the providers document them (prefix, length, alphabet),
  including keys with no prefix at all, generated with a fixed seed.

Each true value is placed as notebook users write it, one sample per notebook:

* ``named``: assigned or passed to a name (``slack_api_key = "..."``, ``token="..."``);
* ``unnamed``: no name to go by (``Client("...")``, a list item, a bare header dict value);
* ``config``: configuration text held in a string (``"export X=..."``, JSON, YAML, INI,
  ``.env``; gitleaks' literal sample lines as they are);
* ``magic``: ``%env``, ``!curl -H``, ``%%bash`` export, ``%%writefile .env``;
* ``output``: a cell's saved output that printed it.

False samples go as code, inside a string, and as output. inline-secrets must report a
true sample at its own cell and line (outputs: its cell); detect-secrets (its scanner run
over the same files, every plugin) is given a finding anywhere in the file. Any finding on
a false sample is a false alarm. Prints precision and recall per placement, overall, and
for "no name" (unnamed + config), for both tools.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The one generator of sample values, shared with the tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from regex_samples import generate

BIN = Path(sys.executable).parent
SEED = 20240613
PLACEMENTS = ("named", "unnamed", "config", "magic", "output")


# -- gitleaks' rule samples ------------------------------------------------------------------
_GO_TOKEN = re.compile(
    r"`(?P<raw>[^`]*)`|\"(?P<str>(?:[^\"\\\n]|\\.)*)\"|(?P<name>[A-Za-z_][\w.]*)"
    r"|(?P<punct>[(){},+\[\]:=])|(?P<comment>//[^\n]*)|(?P<space>\s+)|(?P<other>.)",
    re.DOTALL,
)
_GO_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "'": "'"}
_UTILS = {
    "utils.Numeric": "[0-9]{%s}",
    "utils.Hex": "[a-f0-9]{%s}",
    "utils.AlphaNumeric": "[a-z0-9]{%s}",
    "utils.AlphaNumericExtendedShort": "[a-z0-9_-]{%s}",
    "utils.AlphaNumericExtended": "[a-z0-9=_\\-]{%s}",
    "utils.AlphaNumericExtendedLong": "[a-z0-9\\/=_\\+\\-]{%s}",
}


@dataclass
class RuleSamples:
    rule_id: str
    identifier: str = ""
    true_values: list[str] = field(default_factory=list)  # values with no line around them
    true_lines: list[str] = field(default_factory=list)  # gitleaks' literal sample lines
    false_lines: list[str] = field(default_factory=list)


class _GoExpr:
    """Evaluates the few Go expressions gitleaks' samples are written in."""

    def __init__(self, tokens: list[tuple[str, str]], rng: random.Random) -> None:
        self.tokens, self.index, self.rng = tokens, 0, rng

    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else ("", "")

    def expr(self) -> str:
        value = self.term()
        while self.peek() == ("punct", "+"):
            self.index += 1
            value += self.term()
        return value

    def term(self) -> str:
        kind, text = self.peek()
        self.index += 1
        if kind == "raw":
            return text
        if kind == "str":
            return re.sub(r"\\(.)", lambda m: _GO_ESCAPES.get(m[1], "\\" + m[1]), text)
        if kind == "name" and self.peek() == ("punct", "("):
            self.index += 1
            args = []
            while self.peek() != ("punct", ")"):
                args.append(self.expr())
                if self.peek() == ("punct", ","):
                    self.index += 1
            self.index += 1
            return self.call(text, args)
        raise ValueError(f"unsupported Go expression at {text!r}")

    def call(self, name: str, args: list[str]) -> str:
        if name == "secrets.NewSecret":
            return generate(args[0], self.rng)
        if name in _UTILS:
            return _UTILS[name] % args[0]
        if name == "utils.Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if name == "fmt.Sprintf":
            return re.sub(r"%[sdv]", "{}", args[0].replace("%%", "%")).format(*args[1:])
        raise ValueError(f"unsupported call {name}")


def gitleaks_samples(root: Path, rng: random.Random) -> list[RuleSamples]:
    rules_dir = root / "cmd" / "generate" / "config" / "rules"
    found = []
    for path in sorted(rules_dir.glob("*.go")):
        source = path.read_text()
        for body in re.split(r"\nfunc ", source)[1:]:
            samples = _function_samples(body, rng)
            if samples is not None:
                found.append(samples)
    return found


def _function_samples(body: str, rng: random.Random) -> RuleSamples | None:
    rule = re.search(r'RuleID:\s*"([^"]+)"', body)
    if rule is None:
        return None
    samples = RuleSamples(rule[1])
    tokens = [
        (m.lastgroup or "", m[m.lastgroup or 0])
        for m in _GO_TOKEN.finditer(body)
        if m.lastgroup not in ("space", "comment")
    ]
    section = ""
    index = 0
    while index < len(tokens):
        kind, text = tokens[index]
        if kind == "name" and text in ("tps", "fps"):
            section = text
        elif kind == "name" and text == "return":
            section = ""
        if kind == "name" and text in ("utils.GenerateSampleSecrets", "utils.GenerateSampleSecret"):
            parser = _GoExpr(tokens, rng)
            parser.index = index + 2
            try:
                identifier = parser.expr()
                parser.index += 1  # the comma
                value = parser.expr()
            except (ValueError, IndexError):
                index += 1
                continue
            samples.identifier = samples.identifier or identifier
            samples.true_values.append(value)
            index = parser.index
            continue
        starts_item = kind in ("raw", "str") or (
            kind == "name" and text in ("fmt.Sprintf", "secrets.NewSecret")
        )
        if section and starts_item and tokens[index - 1][1] in ("{", ",", "("):
            parser = _GoExpr(tokens, rng)
            parser.index = index
            try:
                value = parser.expr()
            except (ValueError, IndexError):
                index += 1
                continue
            if parser.peek()[1] in (",", "}", ")"):
                (samples.true_lines if section == "tps" else samples.false_lines).append(value)
            index = parser.index
            continue
        index += 1
    return samples


# A value taken out of a sample line counts only if it holds a token-like run (the
# longest word of a line is sometimes a URL, a header name or a format string).
_TOKEN_RUN = re.compile(r"[A-Za-z0-9_+/=-]{16,}")
_PIECES = re.compile(r"[^\s'\"`=,;()<>\[\]{}]+")


def value_in(line: str) -> str:
    """The secret-looking part of a sample line: its longest unbroken word."""
    pieces = [p.strip(":\\") for p in _PIECES.findall(line.replace("\\n", " "))]
    return max(pieces, key=len, default="")


# -- providers' documented formats -----------------------------------------------------------
# (provider, variable, generator regex): written from each provider's documentation of its
# token format, not from the hook's rules.
DOCUMENTED = (
    ("OpenAI", "OPENAI_API_KEY", r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}"),
    ("Anthropic", "ANTHROPIC_API_KEY", r"sk-ant-api03-[A-Za-z0-9_-]{93}AA"),
    ("Hugging Face", "HF_TOKEN", r"hf_[A-Za-z]{34}"),
    ("Hugging Face org", "HF_TOKEN", r"api_org_[A-Za-z]{34}"),
    ("GitHub", "GITHUB_TOKEN", r"ghp_[A-Za-z0-9]{36}"),
    ("GitHub fine-grained", "GITHUB_TOKEN", r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"),
    ("Docker", "DOCKER_TOKEN", r"dckr_pat_[A-Za-z0-9_-]{27}"),
    ("Groq", "GROQ_API_KEY", r"gsk_[A-Za-z0-9]{52}"),
    ("Replicate", "REPLICATE_API_TOKEN", r"r8_[A-Za-z0-9]{37}"),
    ("Databricks", "DATABRICKS_TOKEN", r"dapi[a-f0-9]{32}"),
    ("DigitalOcean", "DIGITALOCEAN_TOKEN", r"dop_v1_[a-f0-9]{64}"),
    ("Slack bot", "SLACK_BOT_TOKEN", r"xoxb-[0-9]{12}-[0-9]{13}-[A-Za-z0-9]{24}"),
    ("Slack app", "SLACK_APP_TOKEN", r"xapp-1-A[0-9A-Z]{10}-[0-9]{13}-[a-f0-9]{64}"),
    ("Notion", "NOTION_TOKEN", r"ntn_[0-9]{11}[A-Za-z0-9]{35}"),
    ("Notion legacy", "NOTION_TOKEN", r"secret_[A-Za-z0-9]{43}"),
    ("Stripe", "STRIPE_API_KEY", r"sk_live_[A-Za-z0-9]{24}"),
    ("Google", "GOOGLE_API_KEY", r"AIza[A-Za-z0-9_-]{35}"),
    ("Google OAuth", "GOOGLE_CLIENT_SECRET", r"GOCSPX-[A-Za-z0-9_-]{28}"),
    ("AWS", "AWS_ACCESS_KEY_ID", r"AKIA[A-Z2-7]{16}"),
    ("Sentry", "SENTRY_AUTH_TOKEN", r"sntryu_[a-f0-9]{64}"),
    ("Grafana", "GRAFANA_TOKEN", r"glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}"),
    ("Vault", "VAULT_TOKEN", r"hvs\.[A-Za-z0-9_-]{95}"),
    ("Heroku", "HEROKU_API_KEY", r"HRKU-AA[A-Za-z0-9_-]{58}"),
    ("Mailchimp", "MAILCHIMP_API_KEY", r"[a-f0-9]{32}-us[0-9]{2}"),
    ("Twilio", "TWILIO_API_KEY", r"SK[a-f0-9]{32}"),
    ("SendGrid", "SENDGRID_API_KEY", r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
    ("PyPI", "PYPI_TOKEN", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{70}"),
    ("npm", "NPM_TOKEN", r"npm_[A-Za-z0-9]{36}"),
    ("GitLab", "GITLAB_TOKEN", r"glpat-[A-Za-z0-9_-]{20}"),
    ("Azure AD", "AZURE_CLIENT_SECRET", r"[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{34}"),
    ("1Password", "OP_SERVICE_ACCOUNT_TOKEN", r"ops_eyJ[A-Za-z0-9+/]{300}"),
    ("fly.io", "FLY_API_TOKEN", r"fo1_[A-Za-z0-9_-]{43}"),
    ("Linear", "LINEAR_API_KEY", r"lin_api_[A-Za-z0-9]{40}"),
    ("Perplexity", "PERPLEXITY_API_KEY", r"pplx-[A-Za-z0-9]{48}"),
    ("Cohere", "CO_API_KEY", r"[A-Za-z0-9]{40}"),
    ("Mistral", "MISTRAL_API_KEY", r"[A-Za-z0-9]{32}"),
    ("Weights & Biases", "WANDB_API_KEY", r"[a-f0-9]{40}"),
    ("DeepSeek", "DEEPSEEK_API_KEY", r"sk-[a-f0-9]{32}"),
    (
        "Discord webhook",
        "DISCORD_WEBHOOK_URL",
        r"https://discord\.com/api/webhooks/[0-9]{18}/[A-Za-z0-9_-]{68}",
    ),
    (
        "Teams webhook",
        "TEAMS_WEBHOOK_URL",
        r"https://contoso\.webhook\.office\.com/webhookb2/[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-"
        r"[a-f0-9]{4}-[a-f0-9]{12}@[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"
        r"/IncomingWebhook/[a-f0-9]{32}/[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-"
        r"[a-f0-9]{12}",
    ),
    (
        "Zapier webhook",
        "ZAPIER_WEBHOOK_URL",
        r"https://hooks\.zapier\.com/hooks/catch/[0-9]{7}/[a-z0-9]{6}/",
    ),
    (
        "Slack webhook",
        "SLACK_WEBHOOK_URL",
        r"https://hooks\.slack\.com/services/T[A-Z0-9]{10}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}",
    ),
)


# -- placements ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sample:
    """One notebook: its code cell (cell 2), an optional output, the line that holds the
    secret (0 when false), the placement and the source."""

    placement: str
    code: str
    line: int
    source: str
    output: str = ""


def _variable(identifier: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", identifier) or ["service"]
    return "_".join(words).upper()


def true_samples(value: str, identifier: str, source: str) -> Iterator[Sample]:
    var = _variable(identifier)
    low = var.lower()
    call = "".join(w.capitalize() for w in low.split("_")) + "Client"
    named = [
        f'{low}_api_key = "{value}"',
        f'client = {call}(token="{value}")',
        f'os.environ["{var}_TOKEN"] = "{value}"',
        f'headers = {{"{var}-Api-Key": "{value}"}}',
    ]
    unnamed = [
        f'client = Client("{value}")',
        f'session = connect("https://api.example.com", "{value}")',
        f'KEYS = ["{value}"]',
    ]
    config = [
        f'script = "export {var}_API_KEY={value}"',
        f'payload = \'{{"{low}_token": "{value}"}}\'',
        f'config = """\n{low}:\n  api_token: {value}\n"""',
        f'ini = """\n[{low}]\n{low}_secret = {value}\n"""',
        f'dotenv = "{var}_TOKEN={value}\\nDEBUG=1\\n"',
    ]
    magic = [
        f"%env {var}_API_KEY={value}",
        f'!curl -H "Authorization: Bearer {value}" https://api.example.com/v1/me',
        f"%%bash\nexport {var}_TOKEN={value}\npython train.py",
        f"%%writefile .env\n{var}_API_KEY={value}",
    ]
    for placement, codes in zip(PLACEMENTS[:4], (named, unnamed, config, magic), strict=True):
        for code in codes:
            lines = code.split("\n")
            line = next(i for i, text in enumerate(lines, 1) if value in text)
            yield Sample(placement, code, line, source)
    yield Sample(
        "output", "print(os.environ)", 1, source, f"environ({{'{var}_TOKEN': '{value}'}})\n"
    )
    yield Sample("output", "client.token", 1, source, f"'{value}'")


def line_samples(text: str, true: bool, source: str) -> Iterator[Sample]:
    """A gitleaks sample line as it is: in a string (config), as code, as output."""
    quoted = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    code = f'text = """\n{quoted}\n"""'
    value = value_in(text) if true else ""
    line = 0
    if true:
        lines = code.split("\n")
        line = next((i for i, t in enumerate(lines, 1) if value and value in t), 2)
    yield Sample("config", code, line, source)
    if not true:
        yield Sample("named", text, 0, source)
        yield Sample("output", "print(text)", 0, source, text + "\n")


def notebook(sample: Sample) -> str:
    """nbformat 4 JSON, one source line per JSON line (so detect-secrets reads them)."""
    cell: dict[str, object] = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [],
        "source": sample.code.splitlines(keepends=True),
    }
    if sample.output:
        cell["outputs"] = [
            {"name": "stdout", "output_type": "stream", "text": sample.output.splitlines(True)}
        ]
    document = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# sample\n"]}, cell],
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=1) + "\n"


# -- running the tools -----------------------------------------------------------------------
def ours(directory: Path, names: list[str]) -> dict[str, set[tuple[int | None, int | None]]]:
    found: dict[str, set[tuple[int | None, int | None]]] = defaultdict(set)
    for start in range(0, len(names), 2000):
        command = [str(BIN / "repro-hooks"), "inline-secrets", "--format", "json"]
        result = subprocess.run(
            command + names[start : start + 2000], cwd=directory, capture_output=True, text=True
        )
        if result.returncode not in (0, 1):
            sys.exit(f"repro-hooks failed: {result.stderr[-2000:]}")
        for finding in json.loads(result.stdout or "[]"):
            if str(finding["code"]).startswith("RH2"):
                found[finding["path"]].add((finding["cell"], finding["line"]))
    return found


def detect_secrets(directory: Path) -> set[str]:
    command = [str(BIN / "detect-secrets"), "scan", "--all-files", "."]
    result = subprocess.run(command, cwd=directory, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"detect-secrets failed: {result.stderr[-2000:]}")
    return {path for path, hits in json.loads(result.stdout)["results"].items() if hits}


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0

    def add(self, other: Score) -> None:
        self.tp, self.fn, self.fp = self.tp + other.tp, self.fn + other.fn, self.fp + other.fp

    def row(self) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return (
            f"{precision:5.3f} {recall:5.3f} ({self.tp:4d}/{self.tp + self.fn:4d}, fp {self.fp:3d})"
        )


def build(gitleaks: Path) -> list[Sample]:
    rng = random.Random(SEED)
    samples: list[Sample] = []
    for rule in gitleaks_samples(gitleaks, rng):
        identifier = rule.identifier or rule.rule_id.split("-")[0]
        extracted = [value_in(line) for line in rule.true_lines[:2]]
        values = rule.true_values[:1] + [v for v in extracted if _TOKEN_RUN.search(v)]
        for value in dict.fromkeys(v for v in values if len(v) >= 8 and "\n" not in v):
            samples += true_samples(value, identifier, f"gitleaks {rule.rule_id}")
        for line in rule.true_lines[:2]:
            samples += line_samples(line, True, f"gitleaks {rule.rule_id} (line)")
        for line in rule.false_lines:
            samples += line_samples(line, False, f"gitleaks {rule.rule_id} (false)")
    for provider, variable, pattern in DOCUMENTED:
        for _ in range(2):
            value = generate(pattern, rng)
            samples += true_samples(value, variable.rsplit("_", 2)[0], f"documented {provider}")
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gitleaks", type=Path, required=True, help="a gitleaks checkout")
    parser.add_argument("--keep", type=Path, help="write the notebooks here and keep them")
    parser.add_argument("-v", action="store_true", help="list our misses and false alarms")
    args = parser.parse_args()
    samples = build(args.gitleaks)
    with tempfile.TemporaryDirectory() as temporary:
        directory = args.keep or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        names = []
        for number, sample in enumerate(samples):
            name = f"s{number:05d}_{sample.placement}.ipynb"
            (directory / name).write_text(notebook(sample))
            names.append(name)
        our_found = ours(directory, names)
        their_found = detect_secrets(directory)
    report(samples, names, our_found, their_found, args.v)
    return 0


def report(
    samples: list[Sample],
    names: list[str],
    our_found: dict[str, set[tuple[int | None, int | None]]],
    their_found: set[str],
    verbose: bool,
) -> None:
    our: dict[str, Score] = defaultdict(Score)
    their: dict[str, Score] = defaultdict(Score)
    for sample, name in zip(samples, names, strict=True):
        hits = our_found.get(name, set())
        expected = (2, None if sample.output else sample.line)
        if sample.line:
            ok = expected in hits
            our[sample.placement].tp += ok
            our[sample.placement].fn += not ok
            our[sample.placement].fp += len(hits - {expected})
            their[sample.placement].tp += name in their_found
            their[sample.placement].fn += name not in their_found
            if verbose and not ok:
                print(f"MISS {name} {sample.source}: {sample.code[:140]!r} {sample.output[:80]!r}")
        else:
            our[sample.placement].fp += len(hits)
            their[sample.placement].fp += name in their_found
            if verbose and hits:
                print(f"FALSE {name} {sample.source}: {sample.code[:160]!r}")
    print(f"samples: {len(samples)} notebooks (true {sum(bool(s.line) for s in samples)})")
    print(f"{'placement':10} {'inline-secrets':34} {'detect-secrets':34}")
    print(f"{'':10} {'prec  recall':34} {'prec  recall':34}")
    groups: dict[str, Callable[[str], bool]] = {p: (lambda q, p=p: q == p) for p in PLACEMENTS}
    groups["no name"] = lambda q: q in ("unnamed", "config")
    groups["overall"] = lambda q: True
    for label, member in groups.items():
        mine, theirs = Score(), Score()
        for placement in PLACEMENTS:
            if member(placement):
                mine.add(our[placement])
                theirs.add(their[placement])
        print(f"{label:10} {mine.row():34} {theirs.row():34}")


if __name__ == "__main__":
    sys.exit(main())
