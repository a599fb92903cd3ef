"""The rules of ``absolute-paths`` (RH1xx): paths that tie code to one machine.

Every rule carries VALID and INVALID examples (Fixit style): the INVALID ones must be
reported with the rule's code, the VALID ones with no code at all. They document what the
hook decides from the syntax: which strings are paths the code uses.
"""

from __future__ import annotations

from repro_hooks.core.rule import Rule

HOME, DRIVE, HOSTED, MOUNT, PLACEHOLDER, IO_PATH, PROJECT_ROOT = (
    "RH101",
    "RH102",
    "RH103",
    "RH104",
    "RH105",
    "RH106",
    "RH107",
)
OUTSIDE_TREE, PLATFORM_USER = "RH108", "RH109"

RULES: tuple[Rule, ...] = (
    Rule(
        HOME,
        "home-folder-path",
        "Finds paths into a user's home folder: `/home/<user>`, `/Users/<user>`, "
        "`C:\\Users\\...`, `/root`, `~jane/...`, and data read from `~/...`, written out or "
        "reached by code: `expanduser`, `Path.home()` and `os.environ['HOME']` followed "
        "through `+`, `/`, `os.path.join` and names assigned once. The report names the "
        "resulting path. Dot folders of tools (`~/.cache`) and folders the code creates "
        "(`download=True`) are per-user places that work everywhere.",
        "The folder exists only on the author's machine, under the author's name; the "
        "notebook fails with FileNotFoundError for everyone else and in CI.",
        "df = pd.read_csv('/home/michael/project_abacus/data/ticket_data.csv')",
        "df = pd.read_csv('data/ticket_data.csv')  # relative to the project",
        valid=(
            "df = pd.read_csv('data/ticket_data.csv')\n",
            "home = os.path.expanduser('~')\n",
            "mnist = datasets.MNIST('~/.pytorch/MNIST_data/', download=True)\n",
            "cache = os.path.join(os.environ['HOME'], '.cache', 'models')\nopen(cache)\n",
            "out = Path.home() / 'results.csv'\nwith open(out, 'w') as f:\n    pass\n",
        ),
        invalid=(
            "df = pd.read_csv('/home/michael/project_abacus/data/ticket_data.csv')\n",
            "df = pd.read_csv('~/data/sales.csv')\n",
            "os.chdir(os.path.expanduser('~/projects/abacus'))\n",
            "HOME = os.path.expanduser('~')\ndata = HOME + '/workspace/data'\nos.chdir(data)\n",
            "df = pd.read_csv(Path.home() / 'data' / 'x.csv')\n",
            "root = os.path.join(os.environ['HOME'], 'data')\nfiles = os.listdir(root)\n",
            "shutil.copy('~jane/notes.txt', 'notes.txt')\n",
            "sales = r'C:\\Users\\anna\\Documents\\sales.csv'\n",
            "%cd /home/jane/project\n",
        ),
    ),
    Rule(
        DRIVE,
        "windows-drive-path",
        "Finds Windows drive-letter paths (`D:\\datasets`), network shares "
        "(`\\\\server\\share`) and WSL drive mounts (`/mnt/c/...`).",
        "Drive letters and shares name one machine's disks; the code fails on every other "
        "machine, and on Linux and macOS altogether.",
        "images = glob(r'D:\\datasets\\ALASKA2\\Cover\\*.jpg')",
        "images = glob('data/ALASKA2/Cover/*.jpg')",
        valid=(
            "images = glob('data/ALASKA2/Cover/*.jpg')\n",
            "day = '2020/01/01'\n",
            "answer = re.search(r'\\\\boxed\\s*\\{(.*)\\}', text)\n",
            "pattern = r'\\\\\\\\server\\\\(\\w+)\\\\'\n",
        ),
        invalid=(
            "images = glob(r'D:\\datasets\\cover\\*.jpg')\n",
            "share = open(r'\\\\fileserver\\team\\data.csv')\n",
            "x = np.load('/mnt/c/Users/anna/x.npy')\n",
        ),
    ),
    Rule(
        HOSTED,
        "hosted-platform-path",
        "Off by default. Finds folders of a hosted platform that every user of that "
        "platform has: Kaggle's `/kaggle/input` and `/kaggle/working`, Colab's `/content` "
        "outside Google Drive, SageMaker's `/opt/ml`, Databricks' `/dbfs` and `/Workspace`, "
        "container folders such as `/workspace`, and `../input` in a Kaggle notebook; and "
        "the call that mounts a user's storage (`drive.mount(...)`). Turn it on with "
        "`report-platform-paths = true` when the project must also run off its platform; "
        "the message names the platform.",
        "The folder is the same for everyone on the platform, but exists nowhere else: the "
        "notebook cannot run locally, in CI or on another service.",
        "# pyproject.toml: report-platform-paths = true\n"
        "train = pd.read_csv('/kaggle/input/titanic/train.csv')",
        "train = pd.read_csv(DATA_DIR / 'train.csv')  # DATA_DIR from an environment variable",
        valid=(
            "train = pd.read_csv('/kaggle/input/titanic/train.csv')\n",
            "drive.mount('/content/drive')\n",
            "if os.path.exists('/kaggle/working'):\n    pass\n",
            "ON_KAGGLE = Path('/kaggle/working').exists()\n",
            "out = os.environ.get('OUT', '/kaggle/working/x')\n",
        ),
        invalid=(
            "# pyproject.toml: report-platform-paths = true\n"
            "train = pd.read_csv('/kaggle/input/titanic/train.csv')\n",
            "# pyproject.toml: report-platform-paths = true\ndrive.mount('/content/drive')\n",
            "# pyproject.toml: report-platform-paths = true\n"
            "model.save_pretrained('/opt/ml/model/')\n",
        ),
    ),
    Rule(
        MOUNT,
        "mounted-volume-path",
        "Finds removable media and cluster storage: `/media/<user>`, `/Volumes/...`, "
        "`/mnt/...`, `/raid`, `/scratch`, `/gpfs`.",
        "Mount points are set up by hand on one machine or cluster; nobody else has them.",
        "np.load('/media/fabian/data/volume.npy')",
        "np.load('data/volume.npy')  # or read the root from an environment variable",
        valid=(
            "np.load('data/volume.npy')\n",
            "is_mounted = os.path.ismount('/mnt/data')\n",
        ),
        invalid=(
            "np.load('/media/fabian/data/volume.npy')\n",
            "scratch = '/scratch/u123/run1'\n",
            "parser.add_argument('--data-dir', default='/mnt/sota/datasets')\n",
        ),
    ),
    Rule(
        PLACEHOLDER,
        "placeholder-path",
        "Finds placeholder paths such as `/path/to/dataset`.",
        "The code cannot run anywhere until someone edits it, so each reader ends up "
        "with a different copy.",
        "dataset = load_dataset('/path/to/dataset/')",
        "dataset = load_dataset(os.environ['DATASET_DIR'])  # or a path inside the project",
        valid=("dataset = load_dataset(os.environ['DATASET_DIR'])\n",),
        invalid=("dataset = load_dataset('/path/to/dataset/')\n",),
    ),
    Rule(
        IO_PATH,
        "absolute-io-path",
        "Finds any other absolute path passed to something that reads or writes files or "
        "changes where code is looked up (`open`, `pd.read_*`, `np.load`, `Path`, `glob`, "
        "`os.chdir`, `.to_csv`, `%cd`, `%run`, the default of a command-line option, ...), "
        "including a path built with `+` or `os.path.join` from an absolute head, and any "
        "absolute `sys.path` entry. `/tmp`, `/dev` and system folders are allowed, and so "
        "are strings that are no path the code uses: regular expressions, encoded blobs, "
        "`str.replace`/`split` arguments, defaults read from the environment, probes, and "
        "path arithmetic in tests.",
        "An absolute path hard-codes where the project lives on the author's disk.",
        "sys.path.append('/srv/projects/abacus/lib')",
        "sys.path.append('lib')  # or install the package: pip install -e .",
        valid=(
            "pattern = re.compile(r'/data/(\\d+)/')\n",
            "key = name.replace('/100', '')\n",
            "parts = path.split('/srv/')\n",
            "out = os.getenv('OUT_DIR', '/srv/out')\n",
            "blob = '/tTVvzB4A1qLm9XkPz3RwE8YhNcJ2uFgD5sKa7bHe'\n",
            "assert Path('/srv/r') / 'x' == PurePath('/srv/r/x')\n",
            "ckpt = open('/tmp/model.ckpt', 'wb')\n",
            "r = requests.get(BASE + '/api/v1/users')\n",
            "with tf.device('/cpu:0'):\n    pass\n",
        ),
        invalid=(
            "os.chdir('/srv/projects/abacus')\n",
            "%run /srv/projects/abacus/setup.py\n",
            "sys.path.append('/srv/projects/abacus/lib')\n",
            "sys.path.append('/opt/vendor/sdk/python')\n",
            "df.to_csv('/data/out/result.csv')\n",
            "parser.add_argument('--out', default='/data/runs/out')\n",
            "parser.add_argument('--data-dir', default='/datasets')\n",
        ),
    ),
    Rule(
        PROJECT_ROOT,
        "configured-root-path",
        "Finds paths under the machine-specific roots the project lists in `extra-roots` "
        "of `[tool.repro-hooks.absolute-paths]` (a lab server's `/srv/lab`), wherever "
        "they are written.",
        "The team knows these folders exist on only some machines; code that names them "
        "fails everywhere else.",
        "# pyproject.toml: extra-roots = ['/srv/lab']\nraw = '/srv/lab/raw/2024.parquet'",
        "raw = 'data/raw/2024.parquet'  # or a cloud URL",
        valid=("raw = 'data/raw/2024.parquet'\n",),
        invalid=(
            "# pyproject.toml: extra-roots = ['/srv/lab']\nraw = '/srv/lab/raw/2024.parquet'\n",
        ),
    ),
    Rule(
        OUTSIDE_TREE,
        "relative-path-outside-repository",
        "Finds relative paths that resolve outside the git work tree: a notebook's against "
        "the notebook's own folder, a module's against the root of the work tree "
        "(`../../data/x.csv` in a notebook one folder deep). `../input` in a Kaggle "
        "notebook is Kaggle's input folder (RH103).",
        "The data lives next to the author's clone, not in it: a fresh clone, CI and every "
        "other reader lack it, and the path says nothing about where to get it.",
        "df = pd.read_csv('../../data/train.csv')  # in notebooks/eda.ipynb",
        "df = pd.read_csv('../data/train.csv')  # data/ inside the repository",
        valid=("df = pd.read_csv('data/train.csv')\n",),
        invalid=("df = pd.read_csv('../data/train.csv')  # a module at the root\n",),
    ),
    Rule(
        PLATFORM_USER,
        "platform-user-path",
        "Finds a user's own area on a hosted platform: Google Drive in Colab "
        "(`/content/drive/MyDrive/...`, or any folder the notebook gives `drive.mount`), "
        "a Databricks user or repo folder (`/Workspace/Users/<email>/...`). Always "
        "reported, unlike the platform's shared folders (RH103).",
        "Only one person has those files: the notebook fails for every other user of the "
        "same platform, and everywhere else.",
        "train = pd.read_csv('/content/drive/MyDrive/train.csv')",
        "train = pd.read_csv('data/train.csv')  # or a cloud URL: gs://bucket/train.csv",
        valid=("drive.mount('/content/drive')\n",),
        invalid=(
            "train = pd.read_csv('/content/drive/MyDrive/train.csv')\n",
            "df = spark.read.csv('/Workspace/Users/ana@example.com/data.csv')\n",
            "drive.mount('/content/gdrive')\nnp.load('/content/gdrive/My Drive/x.npy')\n",
        ),
    ),
)
