"""The rules of ``inline-secrets`` (RH2xx): keys, tokens and passwords written down."""

from __future__ import annotations

from repro_hooks.core.rule import Rule

KNOWN_TOKEN, NAMED_SECRET, URL_CREDENTIAL, PRIVATE_KEY_BLOCK = "RH201", "RH202", "RH203", "RH204"
COMMAND_SECRET, OUTPUT_SECRET = "RH205", "RH206"

# Example credentials are assembled from pieces, so that this file holds none whole; they
# are random, never issued by any provider.
_GITHUB_TOKEN = "ghp_" + "u8jzPde0IgxLd6Gncf" + "BAepfJBd0Kh8oOOL8d"
_BEARER = "KLzdocJ2isAjIhKtJ0Rl" + "gLKOmxgJTeKdNnFRIBXu"
_KEY_BODY = "\\n".join(
    (
        "76UMFxFkM/R5Kjp1vRt+1fjORS/6ilI8" + "ihN5KXSc7Tvo/hBKqFYY/kv5ZJr3J1TW",
        "DtkwtDDb+xHKas1VOqg6YYZYn9ZhyiA4" + "uoRgnatmUdjAWtGSU8po+799NksnRH9u",
    )
)
_PEM = "-----BEGIN RSA " + "PRIVATE KEY-----"

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
        valid=(
            'github = Github(os.environ["GITHUB_TOKEN"])\n',
            'aws_key = "AKIAIOSFODNN7EXAMPLE"  # the documented example key\n',
        ),
        invalid=(
            f'github = Github("{_GITHUB_TOKEN}")\n',
            f"# token: {_GITHUB_TOKEN}\n",
        ),
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
        valid=(
            'api_key = os.environ["MY_API_KEY"]\n',
            'password = "<your password>"\n',
            'bos_token = "<s>"\n',
            'key_path = "keys/service-account.json"\n',
        ),
        invalid=(
            'os.environ["MY_API_KEY"] = "cb7039fa-6e71-4b8a-af13-76f86a0e19c0"\n',
            'db_password = "Tr0ub4dor&3x"\n',
        ),
    ),
    Rule(
        URL_CREDENTIAL,
        "credential-in-url",
        "A URL carries a password: scheme://user:password@host.",
        "Connection strings are copied into logs and outputs along with the password.",
        'engine = create_engine("postgresql://admin:s3cr3t-pw@db/prod")',
        'engine = create_engine(os.environ["DATABASE_URL"])',
        valid=(
            'engine = create_engine(os.environ["DATABASE_URL"])\n',
            'url = "postgresql://admin:${DB_PASSWORD}@db/prod"\n',
        ),
        invalid=('engine = create_engine("postgresql://admin:s3cr3t-pw@db/prod")\n',),
    ),
    Rule(
        PRIVATE_KEY_BLOCK,
        "private-key",
        "A PEM, OpenSSH, PGP or PuTTY private-key block with key material.",
        "A private key in a repository is compromised for good.",
        'key = """-----BEGIN RSA PRIVATE KEY-----\\nMIIEow..."""',
        'key_path = os.environ["SSH_KEY_PATH"]  # the key file stays outside the repository',
        valid=(
            'key_path = os.environ["SSH_KEY_PATH"]\n',
            f'header = "{_PEM}"\n',
        ),
        invalid=(f'key = """{_PEM}\\n{_KEY_BODY}\\n"""\n',),
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
        valid=(
            '!curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com\n',
            "%env DATA_DIR=data\n",
        ),
        invalid=(
            "%env MY_API_KEY=cb7039fa-6e71-4b8a-af13-76f86a0e19c0\n",
            f'!curl -H "Authorization: Bearer {_BEARER}" https://api.example.com\n',
        ),
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
