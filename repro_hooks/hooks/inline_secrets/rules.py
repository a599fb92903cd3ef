"""The rules of ``inline-secrets`` (RH2xx): keys, tokens and passwords written down."""

from __future__ import annotations

from repro_hooks.core.rule import Rule

KNOWN_TOKEN, NAMED_SECRET, URL_CREDENTIAL, PRIVATE_KEY_BLOCK = "RH201", "RH202", "RH203", "RH204"
COMMAND_SECRET, OUTPUT_SECRET = "RH205", "RH206"

_FIX_EXAMPLE = """\
import os
from dotenv import load_dotenv  # .env is listed in .gitignore

load_dotenv()
api_key = os.environ.get("OPENAI_API_KEY")"""

RULES: tuple[Rule, ...] = (
    Rule(
        KNOWN_TOKEN,
        "known-token-format",
        "A string or comment holds a credential in a known format (AWS, GitHub, Slack, "
        "Stripe, OpenAI, Hugging Face, Google, JWT, ...).",
        "Anyone who can read the repository, or its history, can use the credential.",
        'client = OpenAI(api_key="sk-proj-...")',
        _FIX_EXAMPLE,
    ),
    Rule(
        NAMED_SECRET,
        "hardcoded-secret",
        "A literal that looks like a credential is assigned or passed to a name that says "
        "key, token, secret, password or credential (placeholders, templates, references, "
        "file names and ordinary words are not reported).",
        "A credential in a notebook is shared with every copy of the notebook.",
        'os.environ["MY_API_KEY"] = "cb7039fa-6e71-4b8a-af13-76f86a0e19c0"',
        _FIX_EXAMPLE,
    ),
    Rule(
        URL_CREDENTIAL,
        "credential-in-url",
        "A URL carries a password: scheme://user:password@host.",
        "Connection strings are copied into logs and outputs along with the password.",
        'engine = create_engine("postgresql://admin:s3cr3t-pw@db/prod")',
        'engine = create_engine(os.environ["DATABASE_URL"])',
    ),
    Rule(
        PRIVATE_KEY_BLOCK,
        "private-key",
        "A PEM, OpenSSH, PGP or PuTTY private-key block with key material.",
        "A private key in a repository is compromised for good.",
        'key = """-----BEGIN RSA PRIVATE KEY-----\\nMIIEow..."""',
        'key_path = os.environ["SSH_KEY_PATH"]  # the key file stays outside the repository',
    ),
    Rule(
        COMMAND_SECRET,
        "secret-in-command",
        "A credential in a magic or shell line: %env NAME=value, %set_env, !export NAME=..., "
        "!curl -H 'Authorization: Bearer ...', a %%bash or %%writefile body line.",
        "The magic runs the same whether the value comes from the notebook or the "
        "environment, so there is no reason to write it down.",
        "%env OPENAI_API_KEY=sk-proj-...",
        "# set OPENAI_API_KEY in the shell or a git-ignored .env before starting Jupyter\n"
        '!curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com',
    ),
    Rule(
        OUTPUT_SECRET,
        "secret-in-output",
        "A cell's saved output (printed text or a result) shows a credential in a known format.",
        "Outputs are committed with the notebook even when the code no longer prints it.",
        "print(os.environ['GITHUB_TOKEN'])  # output: ghp_...",
        "Clear the output (or do not print credentials), then revoke the token.",
    ),
)
