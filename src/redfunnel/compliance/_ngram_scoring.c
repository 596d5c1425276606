/* The statistical layer's per-text scoring in one call (see statistical.py, FamilyModels).
 *
 * The checker scores every draft with one linear model per family over character 1- to
 * 3-grams. In numpy that is some thirty small array operations per text; between the rule
 * engine's regular expressions each of them starts with cold caches, and the layer cost a
 * third of the checker's time. Here the same arithmetic is one pass over the text:
 *
 *   1. every 1-, 2- and 3-gram is packed into an integer (code points 21 bits apart, as
 *      statistical._ngram_keys does) and looked up in an open-addressing table of the
 *      vocabulary (built once by build_table: linear probing, Fibonacci hashing, each slot a
 *      key and its row side by side);
 *   2. the vocabulary rows found are counted in a small per-call table;
 *   3. each distinct row adds tf * weights to the logits (tf = 1 + log count, sublinear tf)
 *      and (tf * idf)^2 to the l2 norm, and the logits become probabilities.
 *
 * The caller lowercases the text and collapses runs of whitespace first, as the vectoriser
 * did when the model was fitted. Results equal FamilyModels' numpy path up to the order of
 * floating-point additions; a test holds both to the fitted scikit-learn pipeline.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define NGRAM_MAX 3
#define EMPTY_KEY (-1)
#define MAX_FAMILIES 64

static const uint64_t GOLDEN = 0x9E3779B97F4A7C15ULL;

static int
log2_exact(Py_ssize_t size)
{
    int bits = 0;
    if (size < 2 || (size & (size - 1)) != 0)
        return -1;
    while (((Py_ssize_t)1 << bits) < size)
        bits++;
    return bits;
}

static inline Py_ssize_t
slot_of(int64_t key, int shift)
{
    return (Py_ssize_t)(((uint64_t)key * GOLDEN) >> shift);
}

/* build_table(keys: int64[V], table: int64[2T]) -> None
 * Fills the table (T slots, a power of two larger than V; each slot a key and its row, side by
 * side so that one probe reads one cache line) with every key and its row. */
static PyObject *
build_table(PyObject *self, PyObject *args)
{
    Py_buffer keys, table;
    if (!PyArg_ParseTuple(args, "y*w*", &keys, &table))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = keys.len / (Py_ssize_t)sizeof(int64_t);
    Py_ssize_t size = table.len / (Py_ssize_t)(2 * sizeof(int64_t));
    int bits = log2_exact(size);
    if (bits < 0 || size <= n || table.len != size * (Py_ssize_t)(2 * sizeof(int64_t))) {
        PyErr_SetString(PyExc_ValueError, "table size must be a power of two above the key count");
        goto done;
    }
    const int64_t *k = keys.buf;
    int64_t *t = table.buf;
    for (Py_ssize_t i = 0; i < size; i++) {
        t[2 * i] = EMPTY_KEY;
        t[2 * i + 1] = -1;
    }
    Py_ssize_t mask = size - 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (k[i] < 0) {
            PyErr_SetString(PyExc_ValueError, "keys must be non-negative");
            goto done;
        }
        Py_ssize_t s = slot_of(k[i], 64 - bits);
        while (t[2 * s] != EMPTY_KEY && t[2 * s] != k[i])
            s = (s + 1) & mask;
        t[2 * s] = k[i];
        t[2 * s + 1] = i;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&keys);
    PyBuffer_Release(&table);
    return result;
}

/* score(text: str, table, rows: float64[V, F+1], intercepts: float64[F]) -> list[float]: each
 * family's probability. ``rows`` holds each n-gram's idf-weighted coefficients with its idf as
 * the last column.
 *
 * Inside the checker the vocabulary's table and rows are cold (the rule engine ran in between),
 * so each lookup is a cache miss; the grams' slots and then the rows found are prefetched a few
 * steps ahead, which overlaps those misses instead of waiting on each. */
#define AHEAD 12

static PyObject *
score(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer table, rows, intercepts;
    if (!PyArg_ParseTuple(args, "Uy*y*y*", &text, &table, &rows, &intercepts))
        return NULL;
    PyObject *result = NULL;
    int64_t *keys = NULL;
    int32_t *found_rows = NULL, *seen_row = NULL, *seen_count = NULL, *distinct = NULL;
    Py_ssize_t families = intercepts.len / (Py_ssize_t)sizeof(double);
    Py_ssize_t width = families + 1;
    Py_ssize_t size = table.len / (Py_ssize_t)(2 * sizeof(int64_t));
    int bits = log2_exact(size);
    if (bits < 0 || table.len != size * (Py_ssize_t)(2 * sizeof(int64_t)) || families < 1
        || families > MAX_FAMILIES || rows.len % (width * (Py_ssize_t)sizeof(double)) != 0) {
        PyErr_SetString(PyExc_ValueError, "inconsistent model arrays");
        goto done;
    }
    const int64_t *t = table.buf;
    const double *w = rows.buf;
    const double *b = intercepts.buf;
    Py_ssize_t vocabulary = rows.len / (width * (Py_ssize_t)sizeof(double));
    Py_ssize_t mask = size - 1;
    int shift = 64 - bits;

    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t grams = 0;
    Py_ssize_t cap = 16;
    while (cap < 2 * NGRAM_MAX * n)
        cap <<= 1;
    keys = PyMem_Malloc((NGRAM_MAX * n + 1) * sizeof(int64_t));
    found_rows = PyMem_Malloc((NGRAM_MAX * n + 1) * sizeof(int32_t));
    seen_row = PyMem_Malloc(cap * sizeof(int32_t));
    seen_count = PyMem_Malloc(cap * sizeof(int32_t));
    distinct = PyMem_Malloc((NGRAM_MAX * n + 1) * sizeof(int32_t));
    if (!keys || !found_rows || !seen_row || !seen_count || !distinct) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t key = 0;
        for (Py_ssize_t k = 0; k < NGRAM_MAX && i + k < n; k++) {
            key = (key << 21) | (int64_t)PyUnicode_READ(kind, data, i + k);
            keys[grams++] = key;
        }
    }
    /* 1. the vocabulary rows of the grams (-1: not in it) */
    Py_ssize_t hits = 0;
    for (Py_ssize_t g = 0; g < grams; g++) {
        if (g + AHEAD < grams)
            __builtin_prefetch(t + 2 * slot_of(keys[g + AHEAD], shift));
        int64_t key = keys[g];
        Py_ssize_t s = slot_of(key, shift);
        while (t[2 * s] != key && t[2 * s] != EMPTY_KEY)
            s = (s + 1) & mask;
        if (t[2 * s] == key && t[2 * s + 1] >= 0 && t[2 * s + 1] < vocabulary)
            found_rows[hits++] = (int32_t)t[2 * s + 1];
    }
    /* 2. how often each row occurs */
    memset(seen_row, 0xff, cap * sizeof(int32_t)); /* -1: empty */
    Py_ssize_t found = 0;
    for (Py_ssize_t h = 0; h < hits; h++) {
        int32_t row = found_rows[h];
        Py_ssize_t m = (Py_ssize_t)(((uint32_t)row * 2654435761u) & (uint32_t)(cap - 1));
        while (seen_row[m] != row && seen_row[m] != -1)
            m = (m + 1) & (cap - 1);
        if (seen_row[m] == -1) {
            seen_row[m] = row;
            seen_count[m] = 0;
            distinct[found++] = (int32_t)m;
        }
        seen_count[m]++;
    }
    /* 3. logits and the l2 norm */
    double logits[MAX_FAMILIES] = {0.0};
    double norm = 0.0;
    for (Py_ssize_t d = 0; d < found; d++) {
        if (d + AHEAD < found) {
            const double *ahead = w + (Py_ssize_t)seen_row[distinct[d + AHEAD]] * width;
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + width - 1);
        }
        Py_ssize_t m = distinct[d];
        double tf = 1.0 + log((double)seen_count[m]);
        const double *row = w + (Py_ssize_t)seen_row[m] * width;
        double weighted = tf * row[families];
        norm += weighted * weighted;
        for (Py_ssize_t j = 0; j < families; j++)
            logits[j] += tf * row[j];
    }
    norm = found ? sqrt(norm) : 1.0;
    result = PyList_New(families);
    if (result == NULL)
        goto done;
    for (Py_ssize_t j = 0; j < families; j++) {
        double logit = logits[j] / norm + b[j];
        PyObject *p = PyFloat_FromDouble(1.0 / (1.0 + exp(-logit)));
        if (p == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, j, p);
    }
done:
    PyMem_Free(keys);
    PyMem_Free(found_rows);
    PyMem_Free(seen_row);
    PyMem_Free(seen_count);
    PyMem_Free(distinct);
    PyBuffer_Release(&table);
    PyBuffer_Release(&rows);
    PyBuffer_Release(&intercepts);
    return result;
}

static PyMethodDef methods[] = {
    {"build_table", build_table, METH_VARARGS,
     "build_table(keys, table): fill the vocabulary's lookup table (key, row pairs)."},
    {"score", score, METH_VARARGS,
     "score(text, table, rows, intercepts) -> each family's probability."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ngram_scoring",
    "The statistical layer's per-text scoring, compiled (see statistical.py).", -1, methods,
};

PyMODINIT_FUNC
PyInit__ngram_scoring(void)
{
    return PyModule_Create(&module);
}
