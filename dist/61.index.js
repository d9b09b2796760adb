export const id = 61;
export const ids = [61];
export const modules = {

/***/ 167:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K1: () => (/* binding */ awsRequestId),
/* harmony export */   KY: () => (/* binding */ SECRET_HEADERS),
/* harmony export */   Tw: () => (/* binding */ signJsonRequest),
/* harmony export */   j7: () => (/* binding */ AWS_JSON)
/* harmony export */ });
/* unused harmony exports SIGNING_NAME, TARGET_PREFIX, cleanErrorName, bodyExcerpt, parseErrorResponse */
/* harmony import */ var _aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3156);
/* harmony import */ var _aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(_aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5118);
/* harmony import */ var _http_call_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3249);
/* harmony import */ var _error_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7318);
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5442);
/* harmony import */ var _common_tunables_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1101);
// The awsJson1_0 protocol: builds and signs (SigV4) a request for one Partner Central operation, and reads its error reply.






const SIGNING_NAME = 'partnercentral-selling';
const TARGET_PREFIX = 'AWSPartnerCentralSelling';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
async function signJsonRequest(call) {
    const body = JSON.stringify(call.payload);
    const url = new URL(call.endpoint.href);
    const headers = {
        host: url.host,
        'content-type': JSON_CONTENT_TYPE,
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': `${TARGET_PREFIX}.${call.operation}`,
    };
    const signer = new _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_5__.SignatureV4({
        credentials: call.credentials,
        region: call.region,
        service: SIGNING_NAME,
        sha256: _aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0__.Sha256,
        uriEscapePath: true,
    });
    const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname || '/',
        query: {},
        headers,
        body,
    }, { signingDate: call.signingTime });
    const out = {};
    for (const [name, value] of Object.entries(signed.headers))
        out[name.toLowerCase()] = value;
    return { url, method: 'POST', headers: out, body };
}
/** Header names whose values are secret or a signature: never printed, even in debug mode. */
const SECRET_HEADERS = new Set([
    'authorization',
    'x-amz-security-token',
]);
/** AWS's request id header (transports lower-case header names). */
function awsRequestId(headers) {
    return (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .requestIdFrom */ .FN)(headers['x-amzn-requestid']);
}
/** `aws.protocoltests#FooError:http://internal` reads as `FooError`. */
function cleanErrorName(raw) {
    const beforeColon = raw.split(':')[0] ?? '';
    const afterHash = beforeColon.includes('#')
        ? beforeColon.slice(beforeColon.lastIndexOf('#') + 1)
        : beforeColon;
    return afterHash.trim();
}
function parseJsonObject(body) {
    if (!body.trim().startsWith('{'))
        return undefined;
    try {
        const parsed = JSON.parse(body);
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
            ? parsed
            : undefined;
    }
    catch {
        return undefined;
    }
}
function stringMember(obj, ...names) {
    if (!obj)
        return undefined;
    for (const key of Object.keys(obj)) {
        if (names.includes(key.toLowerCase()) && typeof obj[key] === 'string')
            return obj[key];
    }
    return undefined;
}
/** The first REPLY_LIMITS.fieldErrors entries of an ErrorList, and how many more there were. */
function fieldErrors(obj) {
    const list = obj?.ErrorList ?? obj?.errorList;
    if (!Array.isArray(list))
        return undefined;
    const kept = [];
    let omitted = 0;
    for (const e of list) {
        if (!e || typeof e !== 'object')
            continue;
        if (kept.length >= _common_tunables_js__WEBPACK_IMPORTED_MODULE_4__/* .REPLY_LIMITS */ .WS.fieldErrors) {
            omitted += 1;
            continue;
        }
        const entry = e;
        kept.push({
            fieldName: typeof entry.FieldName === 'string' ? (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(entry.FieldName, 200) : undefined,
            code: typeof entry.Code === 'string' ? (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(entry.Code, 100) : undefined,
            message: typeof entry.Message === 'string' ? (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(entry.Message, 500) : undefined,
        });
    }
    return { kept, omitted };
}
/**
 * A short readable excerpt of a non-JSON body (an HTML page from a load balancer): its head only, tags and
 * script or style blocks skipped by one forward scan (a pattern that backtracks froze the step on a body of
 * `<` repeated).
 */
function bodyExcerpt(body) {
    const head = body.slice(0, _common_tunables_js__WEBPACK_IMPORTED_MODULE_4__/* .REPLY_LIMITS */ .WS.excerptScanChars);
    const lower = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .asciiLower */ .F)(head);
    let text = '';
    let at = 0;
    while (at < head.length && text.length < _common_tunables_js__WEBPACK_IMPORTED_MODULE_4__/* .REPLY_LIMITS */ .WS.excerptChars * 2) {
        const open = head.indexOf('<', at);
        text += ` ${head.slice(at, open < 0 ? head.length : open)}`;
        if (open < 0)
            break;
        const close = head.indexOf('>', open + 1);
        if (close < 0)
            break;
        at = close + 1;
        for (const block of ['script', 'style']) {
            if (!lower.startsWith(block, open + 1))
                continue;
            const end = lower.indexOf(`</${block}`, at);
            const after = end < 0 ? -1 : head.indexOf('>', end);
            at = after < 0 ? head.length : after + 1;
        }
    }
    return (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(text.replace(/\s+/g, ' '), _common_tunables_js__WEBPACK_IMPORTED_MODULE_4__/* .REPLY_LIMITS */ .WS.excerptChars);
}
/** awsJson1_0 error: name from x-amzn-ErrorType, then a `code` member, then `__type`; cleaned. */
function parseErrorResponse(res) {
    const json = parseJsonObject(res.body);
    // The first of the three places that holds a well-formed name: a header made unreadable (a quoted secret
    // scrubbed out of it, a command) does not hide a clean __type.
    const named = [
        res.headers['x-amzn-errortype'],
        stringMember(json, 'code'),
        stringMember(json, '__type'),
    ].map((raw) => (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .errorNameFrom */ .Qi)(raw && cleanErrorName(raw)));
    const name = named.find((n) => n !== undefined) ?? (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .statusErrorName */ .MD)(res.status);
    const requestId = (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .requestIdFrom */ .FN)(res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id']);
    const status = (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .statusText */ .qS)(res.status);
    let message = stringMember(json, 'message');
    if (message === undefined) {
        const type = res.headers['content-type'] ?? 'no content type';
        message = res.body.trim()
            ? `HTTP ${res.status} ${status} with a ${json ? 'JSON' : 'non-JSON'} body (${type})${json ? '' : `: ${bodyExcerpt(res.body)}`}`
            : `HTTP ${res.status} ${status} with an empty body`;
    }
    const reason = stringMember(json, 'reason');
    const errors = fieldErrors(json);
    return {
        name,
        message: (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(message, 1000),
        status: res.status,
        ...(requestId ? { requestId } : {}),
        ...(reason ? { reason: (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(reason, 200) } : {}),
        ...(errors ? { fieldErrors: errors.kept } : {}),
        ...(errors?.omitted ? { fieldErrorsOmitted: errors.omitted } : {}),
        retryClass: (0,_error_names_js__WEBPACK_IMPORTED_MODULE_2__/* .awsRetryClass */ .s$)(name, res.status, message),
    };
}
/** The awsJson1_0 protocol as the retrying sender needs it. */
const AWS_JSON = {
    parseError: parseErrorResponse,
    requestId: awsRequestId,
    secretHeaders: SECRET_HEADERS,
    mayBeClockSkew: _error_names_js__WEBPACK_IMPORTED_MODULE_2__/* .isClockSkewError */ .h5,
};


/***/ }),

/***/ 7318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fj: () => (/* binding */ ACCESS_DENIED),
/* harmony export */   c4: () => (/* binding */ isNotFound),
/* harmony export */   h5: () => (/* binding */ isClockSkewError),
/* harmony export */   p2: () => (/* binding */ NOT_FOUND),
/* harmony export */   pJ: () => (/* binding */ isCredentialsRejected),
/* harmony export */   s$: () => (/* binding */ awsRetryClass),
/* harmony export */   tN: () => (/* binding */ credentialRejection),
/* harmony export */   w7: () => (/* binding */ isAccessDenied)
/* harmony export */ });
/* unused harmony export CLOCK_SKEW_ERROR_NAMES */
/* harmony import */ var _http_call_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3249);
// What AWS's error names mean, each list in one place: server faults (retried), clock skew, credentials rejected.
// The http layer knows none of these names; it is handed them as a retry class or a predicate (WireFormat).

/**
 * Server-side faults that carry a name but may not carry a 5xx status (the Partner Central API Reference,
 * e.g. https://docs.aws.amazon.com/partner-central/latest/APIReference/API_StartResourceSnapshotJob.html,
 * lists its errors as HTTP 400), so the name decides first.
 */
const SERVER_FAULT_NAMES = new Set([
    'InternalServerException',
    'InternalFailure',
    'InternalServerError',
    'ServiceUnavailable',
    'ServiceUnavailableException',
]);
/** The retry class of an AWS error reply: a server fault by its name, else the SDK's classes. */
function awsRetryClass(name, status, message = '') {
    if (SERVER_FAULT_NAMES.has(name))
        return 'transient';
    return (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .sdkRetryClass */ .JY)(name, status, message);
}
/**
 * Error names that may mean the request's time was off: the SDK's CLOCK_SKEW_ERROR_CODES, written out
 * because @smithy/core deprecates isClockSkewError (its replacement, isClockSkewCorrectedError, reads a flag
 * its own middleware sets on any error once it corrected the clock; here the name still decides).
 */
const CLOCK_SKEW_ERROR_NAMES = new Set([
    'AccessDeniedException',
    'AuthFailure',
    'InvalidSignatureException',
    'RequestExpired',
    'RequestInTheFuture',
    'RequestTimeTooSkewed',
    'SignatureDoesNotMatch',
]);
/** May this error mean the request's time was off? Then, once the clock is corrected, it is retried once. */
function isClockSkewError(error) {
    return CLOCK_SKEW_ERROR_NAMES.has(error.name);
}
const CREDENTIAL_REJECTIONS = new Map([
    ['UnrecognizedClientException', 'unknown-key'],
    ['InvalidClientTokenId', 'unknown-key'],
    ['InvalidSignatureException', 'bad-signature'],
    ['SignatureDoesNotMatch', 'bad-signature'],
    ['ExpiredTokenException', 'expired'],
    ['ExpiredToken', 'expired'],
    ['RequestExpired', 'expired'],
    ['IncompleteSignature', 'incomplete-signature'],
    ['MissingAuthenticationToken', 'incomplete-signature'],
]);
/** Why the credentials were rejected, or undefined when the error is about something else. */
function credentialRejection(error) {
    return CREDENTIAL_REJECTIONS.get(error.name);
}
function isCredentialsRejected(error) {
    return credentialRejection(error) !== undefined;
}
/** The credentials may not call this operation on this resource. */
const ACCESS_DENIED = 'AccessDeniedException';
/** The resource (a job, a snapshot) does not exist in this catalog. */
const NOT_FOUND = 'ResourceNotFoundException';
function isAccessDenied(error) {
    return error.name === ACCESS_DENIED;
}
function isNotFound(error) {
    return error.name === NOT_FOUND;
}


/***/ }),

/***/ 3249:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ requestIdFrom),
/* harmony export */   JY: () => (/* binding */ sdkRetryClass),
/* harmony export */   MD: () => (/* binding */ statusErrorName),
/* harmony export */   Qi: () => (/* binding */ errorNameFrom),
/* harmony export */   qS: () => (/* binding */ statusText),
/* harmony export */   x6: () => (/* binding */ networkError)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _smithy_core_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3609);
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5442);
/* harmony import */ var _error_kinds_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5368);
// CallError, what every failed attempt becomes: its name, message, request id and retry class (the SDK's
// classification, @smithy/core/retry); a transport's fault read as one; status names.




/**
 * A reply's request id, held to the alphabet services document for it where it enters (AWS: a UUID or upper-case
 * letters and digits; GitHub's x-github-request-id: hex groups joined by `:`). Anything else is no request id: it
 * could carry a workflow command or a quoted secret into request-id and every line that names it.
 */
function requestIdFrom(raw) {
    const id = raw?.trim();
    return id && /^[A-Za-z0-9][A-Za-z0-9:-]{0,127}$/.test(id) ? id : undefined;
}
/** An error name as services spell it (ThrottlingException, InvalidIdentityToken, ECONNRESET), or undefined. */
function errorNameFrom(raw) {
    const name = raw?.trim();
    return name && /^[A-Za-z][A-Za-z0-9_.]{0,99}$/.test(name) ? name : undefined;
}
/** HTTP 503 -> "Service Unavailable"; an unknown status -> "HTTP 599". */
function statusText(status) {
    return node_http__WEBPACK_IMPORTED_MODULE_0__.STATUS_CODES[status] ?? `HTTP ${status}`;
}
/** An error name for a reply that names none: its status in PascalCase (503 -> ServiceUnavailable). */
function statusErrorName(status) {
    return statusText(status)
        .replace(/[^A-Za-z0-9 ]/g, '')
        .replace(/(^|\s+)(\w)/g, (_, _s, c) => c.toUpperCase());
}
/**
 * The SDK's retry classes (@smithy/core/retry): throttling by name or HTTP 429; transient by name, network
 * error code or HTTP 500/502/503/504; the rest the client's. A protocol adds its own names (aws/error-names.ts).
 */
function sdkRetryClass(name, status, message = '', code) {
    const sdkShape = { name, message, code, $metadata: { httpStatusCode: status } };
    if ((0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_2__.isThrottlingError)(sdkShape))
        return 'throttling';
    if ((0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_2__.isTransientError)(sdkShape))
        return 'transient';
    return 'client';
}
const EXTRA_TRANSIENT_CODES = new Set([
    'ECONNABORTED',
    'ENETDOWN',
    'EHOSTDOWN',
    'ERR_STREAM_PREMATURE_CLOSE',
    'ResponseTruncated',
    'NetworkError',
]);
/**
 * A transport's fault as a failed attempt: cancelled, timed out, or a fault below HTTP (a refused or reset
 * connection, a DNS failure, a body cut short). It is unanswered when the whole request went out and no status
 * line came back: the service may have acted on it.
 */
function networkError(fault, attemptTimeoutMs, requestIdOf = () => undefined) {
    const answer = partialAnswer(fault, requestIdOf);
    const unanswered = fault.requestSent && !fault.partialResponse;
    if (fault.kind === 'cancelled')
        return {
            name: _error_kinds_js__WEBPACK_IMPORTED_MODULE_3__/* .CANCELLED */ .gD,
            message: 'the step was cancelled before the reply came',
            retryClass: 'client',
            ...answer,
            unanswered,
        };
    if (fault.kind === 'timed-out')
        return {
            name: _error_kinds_js__WEBPACK_IMPORTED_MODULE_3__/* .TIMED_OUT */ .VP,
            message: `no complete response within ${(attemptTimeoutMs / 1000).toFixed(1)} s`,
            retryClass: 'transient',
            ...answer,
            unanswered,
        };
    const name = fault.code ?? 'NetworkError';
    const message = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__/* .safeLine */ .om)(`network error: ${fault.message}`, 500);
    // The SDK's list (ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND,
    // EAI_AGAIN) plus faults it never sees because its own handler names them differently. TLS and
    // certificate failures are not among them: another attempt would fail the same way.
    const retryClass = EXTRA_TRANSIENT_CODES.has(name) ||
        sdkRetryClass(name, undefined, message, fault.code) === 'transient'
        ? 'transient'
        : 'client';
    return { name, message, retryClass, ...answer, unanswered };
}
/** The status and request id of a reply whose body broke off. */
function partialAnswer(fault, requestIdOf) {
    const head = fault.partialResponse;
    if (!head)
        return {};
    const requestId = requestIdFrom(requestIdOf(head.headers));
    return { status: head.status, ...(requestId ? { requestId } : {}) };
}


/***/ }),

/***/ 9320:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ previewRequest)
/* harmony export */ });
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5442);
// A request as it may be shown (dry-run, debug log, summary): every secret header's value replaced by ***, the URL
// shown without its path or query (common/safe-text.ts shownUrl).

function previewRequest(req, secretHeaders) {
    const headers = {};
    for (const [k, v] of Object.entries(req.headers))
        headers[k] = secretHeaders.has(k) ? '***' : v;
    return { method: req.method, url: (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_0__/* .shownUrl */ .zA)(req.url), headers, body: req.body };
}


/***/ }),

/***/ 6455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  l: () => (/* binding */ sendWithRetry)
});

// EXTERNAL MODULE: ./src/common/tunables.ts
var tunables = __webpack_require__(1101);
// EXTERNAL MODULE: ./src/http/call-error.ts
var call_error = __webpack_require__(3249);
// EXTERNAL MODULE: ./src/http/error-kinds.ts
var error_kinds = __webpack_require__(5368);
;// CONCATENATED MODULE: ./src/http/retry.ts
// Runs one call with retries: capped full-jitter backoff, Retry-After hints, a deadline and clock-skew correction.
//
// Written here rather than taken from @smithy/util-retry's StandardRetryStrategy because that strategy
// reads the real clock and Math.random, has no notion of a whole-step deadline, and its retry quota
// (500 tokens, 5 per retry) never binds for a process that makes one call. The error classes do come
// from the SDK (@smithy/core/retry, see call-error.ts), and the numbers (BACKOFF, common/tunables.ts) are the SDK's.


async function withRetry(call, policy, timing, clock, options = {}) {
    const { cancel } = options;
    const state = startState(timing.now());
    const window = attemptWindow(policy);
    for (;;) {
        // No await unless there is a wait: a first attempt is sent in the same turn the call began.
        const retry = state.attempts > 0;
        const wait = paceWait(policy, timing, window, retry, cancel);
        if (typeof wait !== 'number')
            return stoppedBeforeSending(state, wait, timing.now());
        if (wait > 0)
            await timing.sleep(wait, cancel);
        // Awaited only when there is a renewal to wait for: a first attempt still goes in the turn the call began.
        const renewal = options.beforeAttempt?.();
        const refused = renewal ? await renewal : undefined;
        if (refused) {
            // A renewal the step's cancel or deadline cut short stops the call as they do; a failed one is the caller's.
            const stop = (0,error_kinds/* isCancelled */.mm)(refused) ? 'cancelled' : (0,error_kinds/* isTimedOut */.gz)(refused) ? 'deadline' : 'client';
            return stoppedBeforeSending(state, stop, timing.now(), refused);
        }
        const timeoutMs = attemptTimeout(policy, timing, window, retry, cancel);
        if (typeof timeoutMs !== 'number')
            return stoppedBeforeSending(state, timeoutMs, timing.now());
        state.attempts += 1;
        policy.pacer?.sent(timing.now());
        const signingTime = new Date(timing.now() + clock.offsetMs);
        const result = await call({ attempt: state.attempts, timeoutMs, signingTime });
        const now = timing.now();
        const done = record(state, result, now);
        const skewCorrected = correctSkew(result.serverDate, now, clock, options);
        tellPacer(policy.pacer, result, now);
        if (result.ok)
            return { ok: true, value: result.value, ...done };
        const { error } = result;
        const skewRetry = skewCorrected && !state.skewRetried && Boolean(options.mayBeClockSkew?.(error));
        const stop = stopReason(error, state, policy, skewRetry, timing.now(), cancel);
        if (stop)
            return { ok: false, error, ...stop, ...done };
        // The pace (paceWait) counts the backoff already waited: the retry waits whichever is longer.
        const delayMs = nextDelay(result, state, policy, timing.random, skewRetry);
        const fitted = fitBeforeDeadline(delayMs, state, timing.now(), window.latestStart);
        if (!fitted)
            return { ok: false, error, stop: 'deadline', unanswered: Boolean(error.unanswered), ...done };
        options.onRetry?.({
            attempt: state.attempts,
            maxAttempts: policy.maxAttempts,
            error,
            delayMs: fitted.waitMs,
            remainingMs: policy.deadlineAt - timing.now(),
            ...(fitted.last ? { last: true } : {}),
        });
        if (fitted.waitMs > 0)
            await timing.sleep(fitted.waitMs, cancel);
    }
}
/** The error of a call that was cancelled, or that ran out of time, before its next attempt could start. */
function neverSentError(reason, detail) {
    return {
        name: reason === 'cancelled' ? error_kinds/* CANCELLED */.gD : error_kinds/* TIMED_OUT */.VP,
        message: detail,
        retryClass: 'client',
    };
}
/** How far throttled retry n (0 = first) may spread past one token interval, in token intervals. */
function throttleSpread(retryIndex) {
    return Math.min(tunables/* BACKOFF */.hH.throttleSpread * tunables/* BACKOFF */.hH.throttleSpreadGrowth ** Math.min(retryIndex, 100), tunables/* BACKOFF */.hH.throttleSpreadCap);
}
/** Throttling with a known rate: one token interval plus throttleSpread(n) x U^skew intervals. */
function periodicDelay(retryIndex, ratePerSecond, random) {
    const interval = 1000 / ratePerSecond;
    const spread = throttleSpread(retryIndex);
    return {
        delayMs: Math.floor(interval * (1 + spread * random() ** tunables/* BACKOFF */.hH.throttleSpreadSkew)),
        ceilingMs: interval * (1 + spread),
    };
}
/**
 * Throttling with a known rate: periodicDelay. Otherwise the SDK's full jitter: random() * min(base * 2^retry,
 * 20 s). A Retry-After hint is honoured up to the ceiling + 5 s.
 */
function backoffDelay(retryIndex, error, random, retryAfterMs, ratePerSecond) {
    let ceiling;
    let jittered;
    if (error.retryClass === 'throttling' && ratePerSecond) {
        const periodic = periodicDelay(retryIndex, ratePerSecond, random);
        ceiling = periodic.ceilingMs;
        jittered = periodic.delayMs;
    }
    else {
        const base = error.retryClass === 'throttling' ? tunables/* BACKOFF */.hH.throttlingBaseMs : tunables/* BACKOFF */.hH.transientBaseMs;
        ceiling = Math.min(base * 2 ** Math.min(retryIndex, 30), tunables/* BACKOFF */.hH.maxDelayMs);
        jittered = Math.floor(random() * ceiling);
    }
    if (retryAfterMs === undefined || !(retryAfterMs > 0))
        return jittered;
    return Math.max(jittered, Math.min(retryAfterMs, ceiling + tunables/* BACKOFF */.hH.hintAllowanceMs));
}
/** `Retry-After` in seconds or as an HTTP date, or `x-amz-retry-after` in milliseconds. */
function retryAfterHint(headers, now) {
    const amz = headers['x-amz-retry-after'];
    if (amz && /^\d+$/.test(amz.trim()))
        return Number(amz.trim());
    const standard = headers['retry-after']?.trim();
    if (!standard)
        return undefined;
    if (/^\d+$/.test(standard))
        return Number(standard) * 1000;
    const at = Date.parse(standard);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
function attemptLimit(policy, error, transientAttempts) {
    if (policy.maxAttempts !== 'auto')
        return false;
    return error.retryClass === 'transient' && transientAttempts >= tunables/* BACKOFF */.hH.autoTransientAttempts;
}
function startState(started) {
    return {
        started,
        attempts: 0,
        retries: 0,
        transientAttempts: 0,
        skewRetried: false,
        lastAttemptMade: false,
    };
}
function attemptWindow(policy) {
    const minAttemptMs = Math.min(policy.attemptTimeoutMs, tunables/* BACKOFF */.hH.minAttemptMs);
    return { minAttemptMs, latestStart: policy.deadlineAt - minAttemptMs };
}
/** How long the pace holds the next attempt back, or why none may start (cancelled, or too late to fit). */
function paceWait(policy, timing, window, retry, cancel) {
    if (cancel?.aborted)
        return 'cancelled';
    const wait = policy.pacer?.delayMs(timing.now(), retry) ?? 0;
    return timing.now() + wait > window.latestStart + slackMs(retry) ? 'deadline' : wait;
}
/** A retry was fitted before its wait (fitBeforeDeadline): a timer that fires a little late must not cancel it. */
function slackMs(retry) {
    return retry ? tunables/* BACKOFF */.hH.timerSlackMs : 0;
}
/** The timeout of an attempt that starts now, or why none may start (cancelled, or too little time left). */
function attemptTimeout(policy, timing, window, retry, cancel) {
    if (cancel?.aborted)
        return 'cancelled';
    const remaining = policy.deadlineAt - timing.now();
    if (remaining < window.minAttemptMs - slackMs(retry))
        return 'deadline';
    return Math.max(1, Math.min(policy.attemptTimeoutMs, remaining));
}
/**
 * Stopped before the next attempt: the last attempt's error, or why none was sent; or, when no attempt could be
 * signed (the credentials ran out: `refused`), that, as the caller's to fix.
 */
function stoppedBeforeSending(state, stop, now, refused) {
    return {
        ok: false,
        error: refused ??
            state.lastError ??
            (stop === 'cancelled'
                ? neverSentError('cancelled', 'the step was cancelled')
                : neverSentError('deadline', 'timeout-seconds ran out before the request could be sent')),
        stop,
        attempts: state.attempts,
        elapsedMs: now - state.started,
        // The attempt before this stop may have reached the service unanswered: then so is the call.
        unanswered: Boolean(state.lastError?.unanswered),
        ...(state.lastRequestId ? { requestId: state.lastRequestId } : {}),
    };
}
/** Learns the service's clock from its Date header; true when the offset moved enough to re-sign with it. */
function correctSkew(serverDate, now, clock, options) {
    if (serverDate === undefined)
        return false;
    const drift = serverDate - (now + clock.offsetMs);
    if (Math.abs(drift) < tunables/* BACKOFF */.hH.skewThresholdMs)
        return false;
    clock.offsetMs = serverDate - now;
    options.onClockSkew?.(clock.offsetMs);
    return true;
}
/** Any HTTP answer counts against the quota; a timeout or a network fault is no answer. */
function tellPacer(pace, result, now) {
    if (result.ok)
        pace?.answered(now, 'accepted');
    else if (result.error.status !== undefined)
        pace?.answered(now, result.error.retryClass === 'throttling' ? 'throttled' : 'failed');
}
/** Why a failed attempt ends the call, and whether the outcome carries its unanswered flag; undefined: retry. */
function stopReason(error, state, policy, skewRetry, now, cancel) {
    const unanswered = Boolean(error.unanswered);
    if ((0,error_kinds/* isCancelled */.mm)(error) || cancel?.aborted)
        return { stop: 'cancelled', unanswered };
    // A reply Node could not read (both Content-Length and Transfer-Encoding, say) after the request went out
    // whole is a client-class fault that the service may still have acted on: it stays unanswered.
    if (!skewRetry && error.retryClass === 'client')
        return { stop: 'client', unanswered };
    if ((0,error_kinds/* isTimedOut */.gz)(error) && now >= policy.deadlineAt)
        return { stop: 'deadline', unanswered };
    const cap = policy.maxAttempts === 'auto' ? tunables/* BACKOFF */.hH.autoAttemptCeiling : policy.maxAttempts;
    if (state.attempts >= cap || attemptLimit(policy, error, state.transientAttempts))
        // A client error that only a clock correction would have retried is still the client's to fix.
        return { stop: error.retryClass === 'client' ? 'client' : 'attempts', unanswered };
    return undefined;
}
/** The backoff before the next attempt; none for the one retry after a clock correction. */
function nextDelay(result, state, policy, random, skewRetry) {
    if (skewRetry) {
        state.skewRetried = true;
        return 0;
    }
    const delayMs = backoffDelay(state.retries, result.error, random, result.retryAfterMs, policy.pacer?.ratePerSecond);
    state.retries += 1;
    return delayMs;
}
/**
 * The wait before the retry. When the drawn wait leaves no room for an attempt, one last attempt goes as late
 * as it still fits (only one); undefined when even that cannot be.
 */
function fitBeforeDeadline(delayMs, state, now, latestStart) {
    if (now + delayMs <= latestStart)
        return { waitMs: delayMs, last: false };
    if (state.lastAttemptMade || now > latestStart)
        return undefined;
    state.lastAttemptMade = true;
    return { waitMs: latestStart - now, last: true };
}
/** Notes what an attempt left behind; returns the call's progress for its outcome. */
function record(state, result, now) {
    state.lastRequestId =
        (result.ok ? result.requestId : result.error.requestId) ?? state.lastRequestId;
    if (!result.ok) {
        state.lastError = result.error;
        if (result.error.retryClass === 'transient')
            state.transientAttempts += 1;
    }
    return {
        attempts: state.attempts,
        elapsedMs: now - state.started,
        ...(state.lastRequestId ? { requestId: state.lastRequestId } : {}),
    };
}

// EXTERNAL MODULE: ./src/common/safe-text.ts
var safe_text = __webpack_require__(5442);
// EXTERNAL MODULE: ./src/common/secrets.ts
var common_secrets = __webpack_require__(7168);
// EXTERNAL MODULE: ./src/http/request-preview.ts
var request_preview = __webpack_require__(9320);
// EXTERNAL MODULE: ./src/http/transport.ts + 1 modules
var transport = __webpack_require__(3586);
;// CONCATENATED MODULE: ./src/http/send-with-retry.ts
// One HTTP call under the retry policy: sends, reads the reply into a success or a CallError, logs each retry.
// Protocol-neutral: the call's WireFormat says how its errors read, where its request id is, what is secret.







/**
 * The call under its policy: each attempt built (signed) afresh, sent, and read into a success or a CallError
 * (attemptOnce); withRetry decides whether and when the next goes. Each retry is logged, a clock skew warned of.
 */
async function sendWithRetry(spec, policy, deps) {
    return withRetry((ctx) => attemptOnce(spec, deps, ctx), policy, deps.timing, deps.clock, {
        mayBeClockSkew: spec.wire.mayBeClockSkew,
        ...(spec.beforeAttempt ? { beforeAttempt: spec.beforeAttempt } : {}),
        // The step's cancellation also ends the waits between attempts.
        cancel: deps.cancel,
        onRetry: ({ attempt: n, maxAttempts, error, delayMs, remainingMs, last }) => {
            const of = maxAttempts === 'auto' ? '' : ` of ${maxAttempts}`;
            const left = `${Math.round(remainingMs / 1000)} s left of timeout-seconds${last ? ', the last attempt that fits' : ''}`;
            deps.log.info(`${spec.label}: attempt ${n}${of} failed with ${error.name}${error.status ? ` (HTTP ${error.status})` : ''}, request id ${error.requestId ?? 'none'}; retrying in ${(delayMs / 1000).toFixed(2)} s (${left})`);
        },
        onClockSkew: (offsetMs) => {
            deps.log.warning(`The runner's clock is off by ${Math.round(Math.abs(offsetMs) / 1000)} seconds against AWS (${offsetMs > 0 ? 'behind' : 'ahead'}); requests are now signed with the service's time. Fix the runner's time sync (NTP) to avoid this.`, 'Runner clock is off');
        },
    });
}
/**
 * One attempt: the request built and its secrets remembered, sent, and what came back read exactly as it came: a
 * 2xx parsed, an error reply parsed by the protocol, a fault named. Nothing is scrubbed here: the sinks scrub what
 * they show (main.ts), so the credentials, tokens and snapshots the parsers return are the service's own.
 */
async function attemptOnce(spec, deps, ctx) {
    const request = await spec.build(ctx);
    rememberSecretsOf(request, spec.wire, deps.secrets);
    deps.log.debug(`${spec.label} attempt ${ctx.attempt}: ${(0,safe_text/* safeLine */.om)(describeRequest(request, spec.wire), 2000)}`);
    let res;
    let receivedChars = 0;
    const delivered = await sendUnlessCancelled(deps, request, ctx.timeoutMs);
    if (delivered.ok) {
        res = delivered.response;
        receivedChars = res.body.length;
    }
    else {
        const { fault } = delivered;
        const error = (0,call_error/* networkError */.x6)(fault, ctx.timeoutMs, spec.wire.requestId);
        deps.log.debug(`${spec.label} attempt ${ctx.attempt}: ${error.name}${error.status ? ` after HTTP ${error.status}` : ''}: ${error.message}`);
        const head = fault.partialResponse;
        if (spec.statusIsAnswer && head && head.status >= 200 && head.status < 300) {
            // The service said yes; only the (empty by contract) body was lost on the way.
            res = { ...head, body: '' };
        }
        else
            return { ok: false, error };
    }
    const date = serverDate(res, deps.timing.now());
    // A success body may hold secrets (STS returns credentials): only error bodies are logged.
    const ok = res.status >= 200 && res.status < 300;
    deps.log.debug(`${spec.label} attempt ${ctx.attempt}: HTTP ${res.status}, request id ${(0,safe_text/* safeLine */.om)(spec.wire.requestId(res.headers) ?? 'none', 100)}, ` +
        (ok ? `${receivedChars} body characters` : `body ${(0,safe_text/* safeLine */.om)(res.body, 1000) || '(empty)'}`));
    const dated = date === undefined ? {} : { serverDate: date };
    if (ok) {
        const requestId = spec.wire.requestId(res.headers);
        try {
            return {
                ok: true,
                value: spec.parseSuccess(res),
                ...(requestId ? { requestId } : {}),
                ...dated,
            };
        }
        catch (err) {
            const error = {
                name: 'MalformedResponse',
                message: (0,safe_text/* safeLine */.om)(`HTTP ${res.status} but the reply could not be read: ${err.message}`),
                status: res.status,
                ...(requestId ? { requestId } : {}),
                retryClass: 'transient',
            };
            return { ok: false, error, ...dated };
        }
    }
    const error = spec.wire.parseError(res);
    const hint = retryAfterHint(res.headers, deps.timing.now());
    return { ok: false, error, ...dated, ...(hint === undefined ? {} : { retryAfterMs: hint }) };
}
/**
 * Sends one request; when the step is cancelled meanwhile, abandons it CANCEL_GRACE_MS later. A transport that
 * rejects (it should not) is read as its fault.
 */
async function sendUnlessCancelled(deps, request, timeoutMs) {
    // Async, so that a transport that throws at once is read as its fault too.
    const send = async (late) => {
        try {
            return await deps.transport(request, timeoutMs, late);
        }
        catch (thrown) {
            return { ok: false, fault: (0,transport/* faultOf */.K)(thrown) };
        }
    };
    const { cancel } = deps;
    if (!cancel)
        return send();
    const late = new AbortController();
    // Ends the grace wait as soon as the reply is in, so its timer never holds the step open.
    const answered = new AbortController();
    const start = () => void deps.timing.sleep(tunables/* CANCEL_GRACE_MS */.RI, answered.signal).then(() => {
        if (!answered.signal.aborted)
            late.abort();
    });
    if (cancel.aborted)
        start();
    else
        cancel.addEventListener('abort', start, { once: true });
    try {
        return await send(late.signal);
    }
    finally {
        answered.abort();
        cancel.removeEventListener('abort', start);
    }
}
/**
 * The reply's Date header, when it is a date this clock could be off by: one further than BELIEVED_SKEW_MS from
 * now is no clock (a hostile "year 275760" would make every later signing time an invalid date).
 */
function serverDate(res, now) {
    const date = res.headers.date;
    if (!date)
        return undefined;
    const at = Date.parse(date);
    return Number.isNaN(at) || Math.abs(at - now) > tunables/* BELIEVED_SKEW_MS */.Dr ? undefined : at;
}
/** Every secret a request carries (its signature, a bearer token) is known to the sinks before it is sent. */
function rememberSecretsOf(request, wire, secrets) {
    for (const [name, value] of Object.entries(request.headers))
        if (wire.secretHeaders.has(name.toLowerCase()))
            (0,common_secrets/* rememberHeaderSecret */.Np)(secrets, value);
}
function describeRequest(req, wire) {
    const { method, url, headers } = (0,request_preview/* previewRequest */.q)(req, wire.secretHeaders);
    const shown = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ');
    return `${method} ${url} [${shown}]`;
}


/***/ })

};
