"""How ``discover`` finds groups (its module docstring, steps 3 and 4): the TF-IDF of subject terms and lemma
character n-grams, an LSA space per run, and the consensus of ``CONSENSUS_RUNS`` average-linkage clusterings."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage

from . import _subjects

#: Dimensions of the semantic space (fewer dimensions merge more synonyms).
DIMENSIONS = 15
#: Largest number of pool comments clustered directly; the rest join their nearest group.
MAX_CLUSTERED = 4000
#: Clusterings combined into the consensus (each from its own SVD start).
CONSENSUS_RUNS = 10
#: Two comments share a group when they were together in more than this share of the runs (average linkage).
CONSENSUS_CUT = 0.5
#: Silhouettes are computed on at most this many comments (a seeded sample).
SILHOUETTE_SAMPLE = 1500


def _identity(terms: list[str]) -> list[str]:
    return terms


def normalize(matrix):
    """scikit-learn's ``normalize`` (rows to unit length), imported when a discovery runs: reports and
    summaries import this package and should not pay for scikit-learn."""
    from sklearn.preprocessing import normalize as unit_rows

    return unit_rows(matrix)


def spaces(analysed: list) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """TF-IDF of the subject terms of every comment read, and those terms beside the character 4-5-grams of
    the subject lemmas, rows of unit length (comments without a subject word, and rows not read, are zero in
    both). Both are fitted on the comments read alone: the rows not read (blank answers, comments past
    ``discover.MAX_CONTEXT``) counted in the IDF, so deleting the blank rows of a file changed its groups."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    read = np.flatnonzero([words is not None for words in analysed])
    docs = [_subjects.terms(analysed[i]) for i in read]
    empty = sp.csr_matrix((len(analysed), 1))
    if sum(map(len, docs)) == 0:
        return empty, empty
    min_df = 2 if sum(bool(d) for d in docs) > 20 else 1
    try:
        terms = TfidfVectorizer(analyzer=_identity, min_df=min_df, sublinear_tf=True).fit_transform(docs)
        lemmas = [" ".join(w.lemma for w in analysed[i] if w.kind == "subject") for i in read]
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), min_df=min_df, sublinear_tf=True)
        both = normalize(sp.hstack([terms, chars.fit_transform(lemmas)]).tocsr())
    except ValueError:  # no term reaches min_df
        return empty, empty
    has_terms = (np.asarray(terms.getnnz(axis=1)) > 0).astype(np.float64)
    # The rows back in their places among all of the frame's (the others zero).
    place = sp.csr_matrix((np.ones(len(read)), (read, np.arange(len(read)))), shape=(len(analysed), len(read)))
    return (place @ terms).tocsr(), (place @ sp.diags(has_terms) @ both).tocsr()


def semantic(both: sp.csr_matrix, seed: int) -> np.ndarray:
    """The rows of ``both`` in a ``DIMENSIONS``-dimension LSA space (truncated SVD started from ``seed``, fitted
    on the rows that are not zero), of unit length; zero rows stay zero."""
    from sklearn.decomposition import TruncatedSVD

    rows = np.flatnonzero(both.getnnz(axis=1))
    dims = max(1, min(DIMENSIONS, len(rows) - 1, both.shape[1] - 1))
    if dims <= 1:
        return normalize(both[:, :1].toarray())
    semantic = np.zeros((both.shape[0], dims))
    semantic[rows] = TruncatedSVD(dims, random_state=seed).fit_transform(both[rows])
    return normalize(semantic)


def consensus(both: sp.csr_matrix, rows: np.ndarray, max_groups: int, seed: int,
             min_size: int) -> tuple[np.ndarray, int, np.ndarray]:
    """Consensus cluster labels (0..k-1) of the comments ``rows`` of ``both``, the k, and each cluster's stability.

    Each of ``CONSENSUS_RUNS`` runs places the comments in an LSA space from its own SVD start and cuts
    one average-linkage tree (cosine distance) into the k = 2 ... ``max_groups`` clusters with the best
    silhouette. The co-association of two comments is the share of runs that put them together; the
    consensus is the average-linkage tree of 1 - co-association cut at 1 - ``CONSENSUS_CUT``, and a
    cluster's stability the mean co-association of its pairs (1: together in every run). The consensus
    can hold more than ``max_groups`` clusters; ``discover`` keeps the largest.
    """
    from scipy.spatial.distance import squareform

    n = len(rows)
    rng = np.random.RandomState(seed)
    sample = np.sort(rng.choice(n, MAX_CLUSTERED, replace=False)) if n > MAX_CLUSTERED else np.arange(n)
    together = np.zeros((len(sample), len(sample)), dtype=np.float32)
    for run in range(CONSENSUS_RUNS):
        points = semantic(both, seed + run)[rows]
        if run == 0:
            first = points  # the space late comments join their groups in
        cut = best_cut(points[sample], max_groups, seed)
        together += cut[:, None] == cut[None, :]
    together /= CONSENSUS_RUNS
    apart = 1.0 - together.astype(np.float64)
    np.fill_diagonal(apart, 0.0)
    tree = linkage(squareform(apart, checks=False), method="average")
    labels = fcluster(tree, 1.0 - CONSENSUS_CUT, criterion="distance") - 1
    k = int(labels.max()) + 1
    stability = np.array([mean_pair(together, labels == c) for c in range(k)])
    if len(sample) < n:  # the others join the nearest cluster big enough to be kept (or the largest)
        data = first[sample]
        sizes = np.bincount(labels, minlength=k)
        joinable = np.flatnonzero(sizes >= min_size)
        if not len(joinable):
            joinable = np.array([sizes.argmax()])
        centroids = normalize(np.vstack([data[labels == c].mean(axis=0) for c in joinable]))
        rest = np.setdiff1d(np.arange(n), sample)
        full = np.empty(n, dtype=labels.dtype)
        full[sample] = labels
        full[rest] = joinable[np.asarray(first[rest] @ centroids.T).argmax(axis=1)]
        labels = full
    return labels, k, stability


def best_cut(data: np.ndarray, max_groups: int, seed: int) -> np.ndarray:
    """Labels of the cut of ``data``'s average-linkage tree (cosine) into 2 ... ``max_groups`` clusters with the
    best silhouette (on a seeded sample of ``SILHOUETTE_SAMPLE`` rows when there are more). A cut whose sample
    holds a single cluster is not scored: it splits off fewer comments than the sample can see, no grouping
    (scikit-learn refused it, so ``discover`` stopped on 200,000 rows where one odd comment was cut apart)."""
    from sklearn.metrics import silhouette_score

    tree = linkage(data, method="average", metric="cosine")
    # The sample silhouette_score(sample_size=..., random_state=seed) draws, drawn here to look at it first.
    sample = np.random.RandomState(seed).permutation(len(data))[:SILHOUETTE_SAMPLE]
    best = (-np.inf, np.zeros(len(data), dtype=int))
    for k in range(2, min(max_groups, len(data) - 1) + 1):
        cut = fcluster(tree, k, criterion="maxclust") - 1
        if len(np.unique(cut[sample])) < 2:
            continue
        score = silhouette_score(data[sample], cut[sample], metric="cosine")
        if score > best[0] + 1e-9:
            best = (score, cut)
    return best[1]


def mean_pair(together: np.ndarray, members: np.ndarray) -> float:
    """Mean co-association of the distinct pairs of ``members`` (1.0 for a single comment)."""
    m = int(members.sum())
    if m < 2:
        return 1.0
    block = together[np.ix_(members, members)]
    return float((block.sum() - np.trace(block)) / (m * (m - 1)))
