"""The rules of ``absolute-paths`` (RH1xx): paths that tie code to one machine."""

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

RULES: tuple[Rule, ...] = (
    Rule(
        HOME,
        "home-folder-path",
        "Finds paths into a user's home folder: `/home/<user>`, `/Users/<user>`, "
        "`C:\\Users\\...`, `/root`, and data read from `~/...`.",
        "The folder exists only on the author's machine, under the author's name; the "
        "notebook fails with FileNotFoundError for everyone else and in CI.",
        "df = pd.read_csv('/home/michael/project_abacus/data/ticket_data.csv')",
        "df = pd.read_csv('data/ticket_data.csv')  # relative to the project",
        valid=(
            "df = pd.read_csv('data/ticket_data.csv')\n",
            "mnist = datasets.MNIST('~/.pytorch/MNIST_data/', download=True)\n",
            "home = os.path.expanduser('~')\n",
        ),
        invalid=(
            "df = pd.read_csv('/home/michael/project_abacus/data/ticket_data.csv')\n",
            "sales = r'C:\\Users\\anna\\Documents\\sales.csv'\n",
            "df = pd.read_csv('~/data/sales.csv')\n",
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
        ),
        invalid=(
            "images = glob(r'D:\\datasets\\cover\\*.jpg')\n",
            "share = open(r'\\\\fileserver\\team\\data.csv')\n",
            "x = np.load('/mnt/c/Users/anna/x.npy')\n",
        ),
    ),
    Rule(
        HOSTED,
        "hosted-mount-path",
        "Finds mounts of hosted notebooks and containers: Colab's `/content` and "
        "`/content/drive`, Kaggle's `/kaggle/input` and `/kaggle/working`, Databricks' "
        "`/dbfs`, container I/O folders such as `/workspace` and `/opt/app`.",
        "These folders exist only inside one hosting service; the notebook cannot run "
        "locally, in CI or on another service.",
        "train = pd.read_csv('/content/drive/MyDrive/train.csv')",
        "train = pd.read_csv('data/train.csv')  # or a cloud URL: gs://bucket/train.csv",
        valid=(
            "if os.path.exists('/kaggle/working'):\n    pass\n",
            "IN_COLAB = os.getcwd().startswith('/content')\n",
        ),
        invalid=("train = pd.read_csv('/content/drive/MyDrive/train.csv')\n",),
    ),
    Rule(
        MOUNT,
        "mounted-volume-path",
        "Finds removable media and cluster storage: `/media/<user>`, `/Volumes/...`, "
        "`/mnt/...`, `/raid`, `/scratch`, `/gpfs`.",
        "Mount points are set up by hand on one machine or cluster; nobody else has them.",
        "np.load('/media/fabian/data/volume.npy')",
        "np.load('data/volume.npy')  # or read the root from an environment variable",
        valid=("np.load('data/volume.npy')\n",),
        invalid=(
            "np.load('/media/fabian/data/volume.npy')\n",
            "scratch = '/scratch/u123/run1'\n",
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
        "`os.chdir`, `sys.path.append`, `.to_csv`, `%cd`, `%run`, ...), including a path "
        "built with `+` or `os.path.join` from an absolute head. `/tmp`, `/dev` and "
        "system folders are allowed.",
        "An absolute path hard-codes where the project lives on the author's disk.",
        "sys.path.append('/srv/projects/abacus/lib')",
        "sys.path.append('lib')  # or install the package: pip install -e .",
        valid=(
            "ckpt = open('/tmp/model.ckpt', 'wb')\n",
            "pattern = re.compile(r'/srv/(\\w+)/')\n",
            "r = requests.get(BASE + '/api/v1/users')\n",
            "with tf.device('/cpu:0'):\n    pass\n",
        ),
        invalid=(
            "os.chdir('/srv/projects/abacus')\n",
            "df.to_csv('/data/out/result.csv')\n",
            "sys.path.append('/srv/projects/abacus/lib')\n",
            "%run /srv/projects/abacus/setup.py\n",
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
    ),
)
