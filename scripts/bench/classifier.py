"""Builds public labelled corpora from Debian's data and measures Triage, fastText and
scikit-learn on them; driven by scripts/bench/classifier (see it for what is measured and how).

    classifier.py build WORK                  corpora under WORK/corpora/
    classifier.py measure WORK TRIAGE [CORPUS...]
                                              every tool on every corpus (or only on the CORPUS named, the
                                              other rows kept from WORK/results.json), the table to
                                              WORK/../classifier.md
    classifier.py fasttext|sklearn DIR TRAIN  one competitor on one corpus (run pinned by `measure`)
"""
import collections
import csv
import glob
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tarfile
import time

SEED = 20260
FEW_SHOT = 15
# Throughput inputs: the test texts repeated until they reach this many bytes (and documents).
BENCH_BYTES = 16_000_000
BENCH_MIN_DOCS = 20_000
# Triage's steady-state throughput: a whole job on bench.txt repeated until it holds at least this
# many documents (at least STEADY_MIN_REPEATS copies), minus a whole job on bench.txt, so the
# fixed cost of a job (process start, model checksum, journal, archive) cancels out.
STEADY_DOCS = 500_000
STEADY_MIN_REPEATS = 5
# The whole-job input of the 1-core / 2-core comparison.
JOB_DOCS = 200_000
MAN_PER_SECTION = 1000
MAN_MAX_CHARS = 20_000
ML_TAGS = 30
SIZE_DOCS = 50_000
LOAD_MODEL_BYTES = 100_000_000


def normalize(text):
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Corpora


def fortunes():
    """Debian's fortune cookies (packages fortunes, fortunes-min), labelled by their file."""
    docs = []
    for path in sorted(glob.glob("/usr/share/games/fortunes/*")):
        name = os.path.basename(path)
        if "." in name or os.path.islink(path) or not os.path.isfile(path):
            continue
        raw = open(path, encoding="utf-8", errors="replace").read()
        for cookie in re.split(r"^%$", raw, flags=re.M):
            text = normalize(cookie)
            if text:
                docs.append((name, text))
    return keep_classes(dedupe(docs), 100)


TROFF_DROP = set("TH so de ds nr ig if ie el tr ad na ne fi nf in ti sp br PD IX ft ps vs ll nh hy ta rm am "
                 "ev ch wh it Dd Dt Os cc c2 ec eo lf mk rt bp pl pn po ns rs ul cu ss cs bd fl ab ex mso".split())


def troff_text(source):
    """The running text of a man page's troff source: requests and escapes removed, macro
    arguments kept, the .TH line (which names the section) dropped."""
    lines = []
    for line in source.splitlines():
        if line.startswith(('.\\"', "'\\\"", '\\"', ".\\#")):
            continue
        if line.startswith((".", "'")):
            name, _, rest = line[1:].strip().partition(" ")
            if name in TROFF_DROP or name == "":
                continue
            line = rest.replace('"', " ")
        line = line.replace("\\-", "-").replace("\\e", "\\")
        line = re.sub(r"\\f(\[[^\]]*\]|\(..|.)", "", line)
        line = re.sub(r"\\s[+-]?\d+", "", line)
        line = re.sub(r"\\\*(\[[^\]]*\]|\(..|.)", "", line)
        line = re.sub(r"\\\(..", " ", line)
        line = re.sub(r"\\\[[^\]]*\]", " ", line)
        line = re.sub(r"\\.", "", line)
        lines.append(line)
    return normalize(" ".join(lines))


def man_pages():
    """English man pages installed by Debian packages (files listed by dpkg, so pages that no
    package installed are left out), labelled by section 1-8; links and `.so` redirections
    skipped, at most MAN_PER_SECTION pages a section, texts cut at MAN_MAX_CHARS characters."""
    import gzip
    files = set()
    for listing in glob.glob("/var/lib/dpkg/info/*.list"):
        for line in open(listing, encoding="utf-8", errors="replace"):
            line = line.strip()
            if re.match(r"^/usr/share/man/man[1-8]/[^/]+$", line):
                files.add(line)
    by_section = collections.defaultdict(list)
    for path in sorted(files):
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        by_section[path.split("/")[4][3]].append(path)
    docs = []
    rng = random.Random(SEED)
    for section in sorted(by_section):
        paths = by_section[section]
        rng.shuffle(paths)
        taken = 0
        for path in paths:
            if taken == MAN_PER_SECTION:
                break
            opener = gzip.open if path.endswith(".gz") else open
            try:
                source = opener(path, "rt", encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            if re.search(r"^\.so ", source, flags=re.M) and len(source) < 200:
                continue
            text = troff_text(source)[:MAN_MAX_CHARS]
            if len(text) >= 100:
                docs.append((section, text))
                taken += 1
    return keep_classes(dedupe(docs), 100)


def packages(work):
    """Debian bookworm's packages: (section, tags, short + long description) from apt's lists,
    the long descriptions from apt's Translation-en (fetched by scripts/bench/classifier)."""
    long = {}
    translation = os.path.join(work, "Translation-en")
    for block in open(translation, encoding="utf-8", errors="replace").read().split("\n\n"):
        md5 = re.search(r"^Description-md5: (\S+)", block, flags=re.M)
        desc = re.search(r"^Description-en: (.*(?:\n .*)*)", block, flags=re.M)
        if md5 and desc:
            long[md5.group(1)] = desc.group(1)
    dump = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    result = []
    for block in dump.split("\n\n"):
        fields, key = {}, None
        for line in block.split("\n"):
            if line.startswith(" ") and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" not in fields or "Section" not in fields:
            continue
        description = long.get(fields.get("Description-md5", ""), fields.get("Description", ""))
        description = description.replace("\n .\n", "\n").replace("\n .", "\n")
        text = normalize(description)
        if not text:
            continue
        tags = [t.strip() for t in fields.get("Tag", "").split(",") if t.strip()]
        result.append((fields["Package"], fields["Section"].split("/")[-1], tags, text))
    result.sort()
    return result


def dedupe(docs):
    """One document per distinct text (the first one's label), so no text is in both splits."""
    seen, result = set(), []
    for label, text in docs:
        if text not in seen:
            seen.add(text)
            result.append((label, text))
    return result


def keep_classes(docs, minimum):
    counts = collections.Counter(label for label, _ in docs)
    return [(label, text) for label, text in docs if counts[label] >= minimum]


def stratified_split(docs):
    """80/20, stratified by class, seeded: the same files for every tool."""
    rng = random.Random(SEED)
    by_label = collections.defaultdict(list)
    for doc in docs:
        by_label[doc[0]].append(doc)
    train, test = [], []
    for label in sorted(by_label):
        group = by_label[label]
        rng.shuffle(group)
        cut = round(len(group) * 0.2)
        test += group[:cut]
        train += group[cut:]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def few_shot(train):
    rng = random.Random(SEED)
    by_label = collections.defaultdict(list)
    for doc in train:
        by_label[doc[0]].append(doc)
    result = []
    for label in sorted(by_label):
        result += rng.sample(by_label[label], min(FEW_SHOT, len(by_label[label])))
    rng.shuffle(result)
    return result


def fasttext_text(text):
    """fastText's tutorial preprocessing: punctuation split off, lowercased."""
    return re.sub(r"([.!?,'/()])", r" \1 ", text).lower()


def write_corpus(folder, train, test, multi_label=False, extra=None):
    """train.csv / test.csv in Triage's CSV (label,text; labels joined by `|`), the same in
    fastText's `__label__` format, the test texts one per line, and bench.txt: the test texts
    repeated until BENCH_BYTES, the input every tool's throughput is measured on."""
    os.makedirs(folder, exist_ok=True)

    def labels_of(doc):
        return doc[0] if multi_label else [doc[0]]

    def write(name, docs):
        with open(os.path.join(folder, name + ".csv"), "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            for doc in docs:
                writer.writerow(["|".join(labels_of(doc)), doc[1]])
        with open(os.path.join(folder, name + ".ft"), "w", encoding="utf-8") as out:
            for doc in docs:
                out.write(" ".join("__label__" + l for l in labels_of(doc)) + " " + fasttext_text(doc[1]) + "\n")

    write("train", train)
    write("test", test)
    if not multi_label:
        write("train15", few_shot(train))
    for name, docs in (extra or {}).items():
        write(name, docs)
    with open(os.path.join(folder, "test-labels.json"), "w") as out:
        json.dump([labels_of(doc) for doc in test], out)
    size = sum(len(doc[1].encode()) + 1 for doc in test)
    repeats = max(1, -(-BENCH_BYTES // size), -(-BENCH_MIN_DOCS // len(test)))
    with open(os.path.join(folder, "bench.txt"), "w", encoding="utf-8") as out, \
            open(os.path.join(folder, "bench.ft.txt"), "w", encoding="utf-8") as ft:
        for _ in range(repeats):
            for doc in test:
                out.write(doc[1] + "\n")
                ft.write(fasttext_text(doc[1]) + "\n")
    labels = sorted({l for doc in train + test for l in labels_of(doc)})
    info = {"train": len(train), "test": len(test), "classes": len(labels), "labels": labels,
            "bench_docs": repeats * len(test), "bench_bytes": repeats * size,
            "mean_bytes": round(size / len(test)), "multi_label": multi_label}
    json.dump(info, open(os.path.join(folder, "info.json"), "w"), indent=1)
    return info


def build(work):
    corpora = os.path.join(work, "corpora")
    infos = {}
    infos["fortunes"] = write_corpus(os.path.join(corpora, "fortunes"), *stratified_split(fortunes()))
    infos["man-pages"] = write_corpus(os.path.join(corpora, "man-pages"), *stratified_split(man_pages()))
    pkgs = packages(work)
    sections = dedupe([(section, text) for _, section, _, text in pkgs])
    sections = keep_classes(sections, 50)
    train, test = stratified_split(sections)
    rng = random.Random(SEED)
    whole = train + test
    size_set = rng.sample(whole, min(SIZE_DOCS, len(whole)))
    infos["package-sections"] = write_corpus(
        os.path.join(corpora, "package-sections"), train, test, extra={"size50k": size_set})
    # Multi-label: the debtags of each package (apt's Tag field), the ML_TAGS most frequent.
    tagged = [(tags, text) for _, _, tags, text in pkgs if tags]
    counts = collections.Counter(t for tags, _ in tagged for t in tags)
    keep = {t for t, _ in counts.most_common(ML_TAGS)}
    seen, docs = set(), []
    for tags, text in tagged:
        chosen = sorted(set(tags) & keep)
        if chosen and text not in seen:
            seen.add(text)
            docs.append((chosen, text))
    rng = random.Random(SEED)
    rng.shuffle(docs)
    cut = round(len(docs) * 0.2)
    infos["debtags"] = write_corpus(os.path.join(corpora, "debtags"), docs[cut:], docs[:cut], multi_label=True)
    for name, info in infos.items():
        print(f"{name}: {info['train']} train, {info['test']} test, {info['classes']} classes, "
              f"{info['mean_bytes']} bytes/doc", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Competitors (each run in a process of its own, pinned to one core by `measure`)


def read_ft(path):
    labels, texts = [], []
    for line in open(path, encoding="utf-8"):
        words = line.rstrip("\n").split(" ")
        k = 0
        while k < len(words) and words[k].startswith("__label__"):
            k += 1
        labels.append([w[len("__label__"):] for w in words[:k]])
        texts.append(" ".join(words[k:]))
    return labels, texts


def read_csv(path):
    rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
    return [r[0].split("|") for r in rows], [r[1] for r in rows]


def run_fasttext(folder, train_name, multi_label, save):
    import fasttext
    info = json.load(open(os.path.join(folder, "info.json")))
    start = time.perf_counter()
    model = fasttext.train_supervised(
        input=os.path.join(folder, train_name + ".ft"), epoch=25, lr=0.5, wordNgrams=2, thread=1,
        loss="ova" if multi_label else "softmax", verbose=0)
    train_seconds = time.perf_counter() - start
    size = None
    if save:
        path = os.path.join(folder, "fasttext.bin")
        model.save_model(path)
        size = os.path.getsize(path)
        os.remove(path)
    lines = open(os.path.join(folder, "bench.ft.txt"), encoding="utf-8").read().split("\n")[:-1]
    start = time.perf_counter()
    if multi_label:
        predicted, _ = model.predict(lines, k=-1, threshold=0.5)
    else:
        predicted, _ = model.predict(lines, k=1)
    predict_seconds = time.perf_counter() - start
    n = info["test"]
    predictions = [[l[len("__label__"):] for l in p] for p in predicted[:n]]
    return {"train_seconds": train_seconds, "predict_seconds": predict_seconds, "bench_docs": len(lines),
            "predictions": predictions, "model_bytes": size}


def run_sklearn(folder, train_name, multi_label, save):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC
    info = json.load(open(os.path.join(folder, "info.json")))
    labels, texts = read_csv(os.path.join(folder, train_name + ".csv"))
    start = time.perf_counter()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    features = vectorizer.fit_transform(texts)
    if multi_label:
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer
        binarizer = MultiLabelBinarizer()
        model = OneVsRestClassifier(LinearSVC()).fit(features, binarizer.fit_transform(labels))
    else:
        model = LinearSVC().fit(features, [l[0] for l in labels])
    train_seconds = time.perf_counter() - start
    lines = open(os.path.join(folder, "bench.txt"), encoding="utf-8").read().split("\n")[:-1]
    start = time.perf_counter()
    scores = model.decision_function(vectorizer.transform(lines))
    predict_seconds = time.perf_counter() - start
    n = info["test"]
    if multi_label:
        predictions = [[binarizer.classes_[j] for j in range(scores.shape[1]) if row[j] > 0] for row in scores[:n]]
    else:
        predictions = [[model.classes_[j]] for j in scores[:n].argmax(axis=1)]
    return {"train_seconds": train_seconds, "predict_seconds": predict_seconds, "bench_docs": len(lines),
            "predictions": predictions, "model_bytes": None}


# ---------------------------------------------------------------------------------------------
# Measuring


def metrics(truth, predicted, labels, multi_label):
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score, hamming_loss
    from sklearn.preprocessing import MultiLabelBinarizer
    if multi_label:
        binarizer = MultiLabelBinarizer(classes=labels)
        y, p = binarizer.fit_transform(truth), binarizer.transform([[l for l in x if l in labels] for x in predicted])
        return {"hamming": hamming_loss(y, p), "micro_f1": f1_score(y, p, average="micro", zero_division=0),
                "macro_f1": f1_score(y, p, average="macro", zero_division=0),
                "exact": float(np.mean([set(a) == set(b) for a, b in zip(truth, predicted)]))}
    y = [t[0] for t in truth]
    p = [x[0] if x else "" for x in predicted]
    return {"accuracy": accuracy_score(y, p), "macro_f1": f1_score(y, p, labels=labels, average="macro", zero_division=0)}


def timed(command, env=None):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-3000:]}")
    return seconds, result.stdout


def triage_predictions(out_dir, count):
    """The first `count` documents' predicted classes or labels, from output.tar.gz."""
    [archive] = glob.glob(os.path.join(out_dir, "*", "output", "output.tar.gz"))
    predictions = [None] * count
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("predictions.jsonl"))
        for line in tar.extractfile(member):
            record = json.loads(line)
            index = int(record["Line"])
            if index < count:
                predictions[index] = [c["Name"] for c in record.get("Classes", record.get("Labels", []))]
    return [p or [] for p in predictions]


def triage_job(triage, work, input_path, model, cores, top_k, min_score=None, name="job"):
    out_dir = os.path.join(work, "runs", name)
    subprocess.run(["rm", "-rf", out_dir], check=True)
    cpus = "0" if cores == 1 else f"0-{cores - 1}"
    command = ["taskset", "-c", cpus, triage, "run", "--input", input_path, "--output", out_dir, "--model", model,
               "--format", "ONE_DOC_PER_LINE", "--concurrency", str(cores), "--top-k", str(top_k),
               "--log-level", "error"]
    if min_score is not None:
        command += ["--min-score", str(min_score)]
    seconds, _ = timed(command)
    return seconds, out_dir


def competitor(tool, folder, train_name, multi_label, save=False):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    command = ["taskset", "-c", "0", sys.executable, __file__, tool, folder, train_name]
    if multi_label:
        command.append("--multi-label")
    if save:
        command.append("--save")
    _, stdout = timed(command, env=env)
    return json.loads(stdout)


def measure(work, triage, only=()):
    corpora = os.path.join(work, "corpora")
    os.environ["TRIAGE_JOURNAL"] = os.path.join(work, "journal.jsonl")
    loads = [os.getloadavg()[0]]
    names = ("fortunes", "man-pages", "package-sections", "debtags")
    previous = None
    if only:
        previous = json.load(open(os.path.join(work, "results.json")))
        results = {name: previous["corpora"][name] for name in names}
        for name in results:
            results[name]["rerun"] = False
    else:
        results = {}
    for name in names:
        if only and name not in only:
            continue
        folder = os.path.join(corpora, name)
        info = json.load(open(os.path.join(folder, "info.json")))
        multi = info["multi_label"]
        truth = json.load(open(os.path.join(folder, "test-labels.json")))
        row = {"info": info}
        model = os.path.join(work, "models", name + ".triage")
        os.makedirs(os.path.dirname(model), exist_ok=True)
        command = ["taskset", "-c", "0", triage, "train", "--data", os.path.join(folder, "train.csv"),
                   "--test-data", os.path.join(folder, "test.csv"), "--model", model, "--log-level", "error"]
        if multi:
            command += ["--mode", "MULTI_LABEL"]
        train_seconds, _ = timed(command)
        top_k = info["classes"] if multi else 1
        min_score = 0.5 if multi else None
        bench = os.path.join(folder, "bench.txt")
        seconds, out_dir = triage_job(triage, work, bench, model, 1, top_k, min_score, name)
        predicted = triage_predictions(out_dir, info["test"])
        # Steady state: the same file repeated, best of two runs of each size.
        repeats = max(STEADY_MIN_REPEATS, -(-STEADY_DOCS // info["bench_docs"]))
        big = os.path.join(work, "steady-input.txt")
        with open(bench, "rb") as src:
            text = src.read()
        with open(big, "wb") as out:
            for _ in range(repeats):
                out.write(text)
        small_runs, big_runs = [seconds], []
        for _ in range(2):
            big_runs.append(triage_job(triage, work, big, model, 1, top_k, min_score, name + "-steady")[0])
        small_runs.append(triage_job(triage, work, bench, model, 1, top_k, min_score, name)[0])
        os.remove(big)
        subprocess.run(["rm", "-rf", os.path.join(work, "runs", name + "-steady")], check=True)
        row["triage"] = {"train_seconds": train_seconds, "predict_seconds": seconds,
                         "bench_docs": info["bench_docs"], "model_bytes": os.path.getsize(model),
                         "small_seconds": min(small_runs), "big_seconds": min(big_runs),
                         "big_docs": repeats * info["bench_docs"],
                         **metrics(truth, predicted, info["labels"], multi)}
        for tool in ("fasttext", "sklearn"):
            result = competitor(tool, folder, "train", multi, save=(tool == "fasttext" and name == "package-sections"))
            row[tool] = {k: v for k, v in result.items() if k != "predictions"}
            row[tool].update(metrics(truth, result["predictions"], info["labels"], multi))
        if not multi:
            # Few-shot: 15 training documents a class, the same test split.
            few = {}
            fmodel = os.path.join(work, "models", name + "-15.triage")
            timed([triage, "train", "--data", os.path.join(folder, "train15.csv"), "--test-data",
                   os.path.join(folder, "test.csv"), "--model", fmodel, "--log-level", "error"])
            test_text = os.path.join(folder, "test.txt")
            with open(os.path.join(folder, "bench.txt"), encoding="utf-8") as src, open(test_text, "w", encoding="utf-8") as dst:
                for _ in range(info["test"]):
                    dst.write(src.readline())
            _, out_dir = triage_job(triage, work, test_text, fmodel, 2, 1, None, name + "-15")
            few["triage"] = metrics(truth, triage_predictions(out_dir, info["test"]), info["labels"], False)
            for tool in ("fasttext", "sklearn"):
                result = competitor(tool, folder, "train15", False)
                few[tool] = metrics(truth, result["predictions"], info["labels"], False)
            row["few_shot"] = few
        row["rerun"] = bool(only)
        results[name] = row
        loads.append(os.getloadavg()[0])
        json.dump(results, open(os.path.join(work, "results-partial.json"), "w"), indent=1)
        print(f"{name}: done", file=sys.stderr)

    if only:
        # The job, size and load measurements are kept from the previous full run.
        summary = dict(previous, corpora=results, loads=previous["loads"], rerun_loads=loads, rerun=list(only))
        json.dump(summary, open(os.path.join(work, "results.json"), "w"), indent=1)
        table = report(summary)
        print(table)
        open(os.path.join(os.path.dirname(os.path.abspath(work)), "classifier.md"), "w").write(table)
        return

    # A whole job on 1 core and on 2: the package descriptions' test texts repeated to JOB_DOCS.
    folder = os.path.join(corpora, "package-sections")
    tests = open(os.path.join(folder, "bench.txt"), encoding="utf-8").read().split("\n")[:results["package-sections"]["info"]["test"]]
    job_input = os.path.join(work, "job-input.txt")
    with open(job_input, "w", encoding="utf-8") as out:
        for i in range(JOB_DOCS):
            out.write(tests[i % len(tests)] + "\n")
    model = os.path.join(work, "models", "package-sections.triage")
    cores = {}
    for n in (1, 2, 1, 2):
        seconds, _ = triage_job(triage, work, job_input, model, n, 1, None, f"job-{n}")
        cores[n] = min(cores.get(n, seconds), seconds)
    loads.append(os.getloadavg()[0])

    # Model size for 50,000 training documents (package descriptions, default options).
    size_model = os.path.join(work, "models", "size50k.triage")
    size_seconds, _ = timed(["taskset", "-c", "0", triage, "train", "--data", os.path.join(folder, "size50k.csv"),
                             "--test-data", os.path.join(folder, "test.csv"), "--model", size_model, "--log-level", "error"])
    size_docs = sum(1 for _ in open(os.path.join(folder, "size50k.ft"), encoding="utf-8"))

    # Load time of a ~100 MB model: buckets chosen so the file is about LOAD_MODEL_BYTES.
    labels = results["package-sections"]["info"]["classes"]
    buckets = LOAD_MODEL_BYTES // (labels + 8)
    big = os.path.join(work, "models", "big.triage")
    timed([triage, "train", "--data", os.path.join(folder, "train15.csv"), "--test-data", os.path.join(folder, "test.csv"),
           "--model", big, "--buckets", str(buckets), "--log-level", "error"])
    in_process, describe_wall, help_wall = [], [], []
    for _ in range(7):
        seconds, stdout = timed([triage, "describe-model", big])
        describe_wall.append(seconds)
        in_process.append(json.loads(stdout)["LoadMilliseconds"])
        seconds, _ = timed([triage, "--help"])
        help_wall.append(seconds)
    load = {"bytes": os.path.getsize(big), "in_process_ms": statistics.median(in_process),
            "describe_ms": statistics.median(describe_wall) * 1000, "help_ms": statistics.median(help_wall) * 1000}
    loads.append(os.getloadavg()[0])

    summary = {"corpora": results, "cores": cores, "job_docs": JOB_DOCS, "size": {
        "docs": size_docs, "bytes": os.path.getsize(size_model), "train_seconds": size_seconds,
        "fasttext_bytes": results["package-sections"]["fasttext"]["model_bytes"],
        "fasttext_docs": results["package-sections"]["info"]["train"]}, "load": load, "loads": loads}
    json.dump(summary, open(os.path.join(work, "results.json"), "w"), indent=1)
    table = report(summary)
    print(table)
    open(os.path.join(os.path.dirname(os.path.abspath(work)), "classifier.md"), "w").write(table)


def report(s):
    lines = []
    add = lines.append
    mark = lambda ok: "met" if ok else "**missed**"
    add("| corpus | measure | Triage | fastText | scikit-learn | Triage / best other | target |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for name, row in s["corpora"].items():
        info = row["info"]
        t, f, k = row["triage"], row["fasttext"], row["sklearn"]
        head = f"{name} ({info['train']:,}/{info['test']:,} docs, {info['classes']} {'labels' if info['multi_label'] else 'classes'}, {info['mean_bytes']:,} B/doc)"
        if info["multi_label"]:
            best = min(f["hamming"], k["hamming"])
            add(f"| {head} | Hamming loss (lower is better) | {t['hamming']:.4f} | {f['hamming']:.4f} | {k['hamming']:.4f} | {t['hamming'] / best:.2f} | {mark(t['hamming'] <= best)} |")
            for key, label in (("micro_f1", "micro-F1"), ("macro_f1", "macro-F1"), ("exact", "exact match")):
                best = max(f[key], k[key])
                target = mark(t[key] >= best) if key != "exact" else ""
                add(f"| | {label} | {t[key]:.4f} | {f[key]:.4f} | {k[key]:.4f} | {t[key] / best:.3f} | {target} |")
        else:
            for key, label in (("accuracy", "accuracy"), ("macro_f1", "macro-F1")):
                best = max(f[key], k[key])
                add(f"| {head if key == 'accuracy' else ''} | {label} | {t[key]:.4f} | {f[key]:.4f} | {k[key]:.4f} | {t[key] / best:.3f} | {mark(t[key] >= best)} |")
        rate = lambda r: r["bench_docs"] / r["predict_seconds"]
        if "big_seconds" in t:
            # Steady state: the extra documents of the big job over its extra time.
            steady = (t["big_docs"] - t["bench_docs"]) / (t["big_seconds"] - t["small_seconds"])
            add(f"| | docs/s, 1 core, steady state (Triage: {t['big_docs']:,}-doc job minus {info['bench_docs']:,}-doc job; others: predict call on {info['bench_docs']:,} docs) | {steady:,.0f} | {rate(f):,.0f} | {rate(k):,.0f} | {steady / rate(f):.2f}× fastText | {mark(steady >= 4 * rate(f))} (4×) |")
            add(f"| | docs/s, 1 core, whole `triage run` process ({info['bench_docs']:,} docs; {t['big_docs']:,} docs) | {rate(t):,.0f}; {t['big_docs'] / t['big_seconds']:,.0f} | | | {rate(t) / rate(f):.2f}×; {t['big_docs'] / t['big_seconds'] / rate(f):.2f}× fastText's call | |")
        else:
            add(f"| | docs/s, 1 core ({info['bench_docs']:,} docs) | {rate(t):,.0f} | {rate(f):,.0f} | {rate(k):,.0f} | {rate(t) / rate(f):.2f}× fastText | {mark(rate(t) >= 4 * rate(f))} (4×) |")
        add(f"| | training s, 1 core | {t['train_seconds']:.1f} | {f['train_seconds']:.1f} | {k['train_seconds']:.1f} | {t['train_seconds'] / f['train_seconds']:.2f}× fastText's time | {mark(t['train_seconds'] <= f['train_seconds'])} |")
        if "few_shot" in row:
            few = row["few_shot"]
            for key, label in (("accuracy", "accuracy"), ("macro_f1", "macro-F1")):
                best = max(few["fasttext"][key], few["sklearn"][key])
                add(f"| | 15 per class: {label} | {few['triage'][key]:.4f} | {few['fasttext'][key]:.4f} | {few['sklearn'][key]:.4f} | {few['triage'][key] / best:.3f} | |")
    c = {int(n): seconds for n, seconds in s["cores"].items()}  # JSON made the keys strings
    add(f"| whole `triage run` job | {s['job_docs']:,} docs, 2 cores vs 1 | {s['job_docs'] / c[2]:,.0f} vs {s['job_docs'] / c[1]:,.0f} docs/s | | | {c[1] / c[2]:.2f}× | {mark(c[1] / c[2] >= 1.8)} (1.8×) |")
    z = s["size"]
    add(f"| model file | {z['docs']:,} training docs | {z['bytes'] / 1e6:.1f} MB | {z['fasttext_bytes'] / 1e6:.1f} MB ({z['fasttext_docs']:,} docs) | | | {mark(z['bytes'] <= 50e6)} (50 MB) |")
    l = s["load"]
    add(f"| model load | {l['bytes'] / 1e6:.1f} MB model | {l['in_process_ms']:.3f} ms in process; `describe-model` {l['describe_ms']:.1f} ms vs `--help` {l['help_ms']:.1f} ms | | | | {mark(l['in_process_ms'] < 50 and l['describe_ms'] - l['help_ms'] < 50)} (50 ms) |")
    add("")
    add(f"Load average (1 min) at the start, after each corpus, after the job and after the load test: "
        + ", ".join(f"{x:.2f}" for x in s["loads"]) + f". Cores: {os.cpu_count()}.")
    if s.get("rerun"):
        add("")
        add(f"Corpora measured again (every tool, the other rows and the job, size and load rows kept from the run above): "
            + ", ".join(s["rerun"]) + "; load average (1 min) at the start and after each: "
            + ", ".join(f"{x:.2f}" for x in s["rerun_loads"]) + ".")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "build":
        build(sys.argv[2])
    elif command == "measure":
        measure(sys.argv[2], sys.argv[3], tuple(sys.argv[4:]))
    elif command == "report":
        print(report(json.load(open(sys.argv[2]))))
    elif command in ("fasttext", "sklearn"):
        run = run_fasttext if command == "fasttext" else run_sklearn
        result = run(sys.argv[2], sys.argv[3], "--multi-label" in sys.argv, "--save" in sys.argv)
        json.dump(result, sys.stdout)
    else:
        sys.exit(__doc__)
