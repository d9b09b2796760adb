export const id = 139;
export const ids = [139];
export const modules = {

/***/ 8665:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   assumeRoleWithWebIdentity: () => (/* binding */ assumeRoleWithWebIdentity)
/* harmony export */ });
/* unused harmony exports assumeRoleBody, xmlText, readAssumeRoleReply, readStsError */
/* harmony import */ var _http_call_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3249);
/* harmony import */ var _aws_json_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(167);
/* harmony import */ var _error_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7318);
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5442);
/* harmony import */ var _http_send_with_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6455);
// STS AssumeRoleWithWebIdentity over the AWS query protocol: request, XML reply, XML error.





function assumeRoleBody(p) {
    return new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: p.roleArn,
        RoleSessionName: p.sessionName,
        DurationSeconds: String(p.durationSeconds),
        WebIdentityToken: p.webIdentityToken,
    }).toString();
}
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/**
 * The text of the first <tag> element, found by forward scans (indexOf) only: a pattern that can backtrack
 * froze the step on a body of `<Code` repeated. A tag without its close is no value.
 */
function xmlText(xml, tag) {
    const open = `<${tag}`;
    for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at + 1)) {
        const next = xml[at + open.length];
        if (next !== '>' && !(next && /\s/.test(next)))
            continue;
        const start = xml.indexOf('>', at + open.length);
        if (start < 0)
            return undefined;
        const end = xml.indexOf(`</${tag}>`, start + 1);
        if (end < 0)
            return undefined;
        const text = decodeEntities(xml.slice(start + 1, end).trim());
        return text || undefined;
    }
    return undefined;
}
/** XML's five entities and character references; a reference to no character (past U+10FFFF) stays as written. */
function decodeEntities(text) {
    return text.replace(/&(amp|lt|gt|quot|apos|#\d{1,8}|#x[0-9a-f]{1,8});/gi, (whole, e) => {
        if (e[0] !== '#')
            return ENTITIES[e.toLowerCase()] ?? '';
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
}
/** A secret key or session token: at least 16 visible characters, no white space. */
const CREDENTIAL_TEXT = /^[\x21-\x7e]{16,}$/;
/** arn:<partition>:sts::<12-digit account>:assumed-role/<role path and name>/<session name>. */
const ASSUMED_ROLE_ARN = /^arn:[a-z0-9-]{1,20}:sts::\d{12}:assumed-role\/[\w+=,.@/-]{1,1024}$/;
function readAssumeRoleReply(res) {
    const accessKeyId = xmlText(res.body, 'AccessKeyId');
    const secretAccessKey = xmlText(res.body, 'SecretAccessKey');
    const sessionToken = xmlText(res.body, 'SessionToken');
    const assumedRoleArn = xmlText(res.body, 'Arn');
    if (!accessKeyId || !secretAccessKey || !sessionToken || !assumedRoleArn)
        throw new Error('the STS reply has no Credentials or AssumedRoleUser');
    // The ARN reaches the log and the outputs: held to the shape IAM gives it (role and session name characters).
    if (!ASSUMED_ROLE_ARN.test(assumedRoleArn))
        throw new Error('the STS reply has an AssumedRoleUser Arn that is not an assumed-role ARN');
    // Each of these is registered with the runner's masking, which has no minimum: a reply could otherwise have
    // the runner hide every "e" in the job's log. Held to the shapes STS documents.
    if (!/^\w{16,128}$/.test(accessKeyId) ||
        !CREDENTIAL_TEXT.test(secretAccessKey) ||
        !CREDENTIAL_TEXT.test(sessionToken))
        throw new Error('the STS reply has credentials that are not shaped as credentials');
    const expiration = xmlText(res.body, 'Expiration');
    const lifetimeMs = Date.parse(expiration ?? '') - Date.parse(res.headers.date ?? '');
    return {
        credentials: { accessKeyId, secretAccessKey, sessionToken },
        assumedRoleArn,
        accountId: assumedRoleArn.split(':')[4] ?? '',
        ...(expiration ? { expiration } : {}),
        ...(Number.isFinite(lifetimeMs) ? { lifetimeMs } : {}),
    };
}
/** Query-protocol errors: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
function readStsError(res) {
    const code = xmlText(res.body, 'Code');
    const status = (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusText */ .qS)(res.status);
    const name = (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .errorNameFrom */ .Qi)(code) ?? (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusErrorName */ .MD)(res.status);
    const message = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(xmlText(res.body, 'Message') ??
        (res.body.trim()
            ? `HTTP ${res.status} ${status} with a body that is not an STS error`
            : `HTTP ${res.status} ${status} with an empty body`), 1000);
    const requestId = (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .requestIdFrom */ .FN)(res.headers['x-amzn-requestid'] ?? xmlText(res.body, 'RequestId'));
    // The SDK retries IDPCommunicationError for this operation: the identity provider was briefly unreachable.
    const retryClass = name === 'IDPCommunicationError' ? 'transient' : (0,_error_names_js__WEBPACK_IMPORTED_MODULE_2__/* .awsRetryClass */ .s$)(name, res.status, message);
    return {
        name,
        message,
        status: res.status,
        ...(requestId ? { requestId } : {}),
        retryClass,
    };
}
/** STS's query protocol as the retrying sender needs it (the request carries no signature: a web identity call). */
const STS_QUERY = {
    parseError: readStsError,
    requestId: _aws_json_js__WEBPACK_IMPORTED_MODULE_1__/* .awsRequestId */ .K1,
    secretHeaders: _aws_json_js__WEBPACK_IMPORTED_MODULE_1__/* .SECRET_HEADERS */ .KY,
    mayBeClockSkew: _error_names_js__WEBPACK_IMPORTED_MODULE_2__/* .isClockSkewError */ .h5,
};
/**
 * The STS call under the retry policy. It needs no signature (the token is the proof). It parses and
 * returns the new credentials; masking them is the caller's (resolve-credentials.ts), before it logs anything.
 */
function assumeRoleWithWebIdentity(url, params, policy, deps) {
    return (0,_http_send_with_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .sendWithRetry */ .l)({
        label: 'AssumeRoleWithWebIdentity',
        build: () => Promise.resolve({
            url,
            method: 'POST',
            headers: {
                host: url.host,
                'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            },
            body: assumeRoleBody(params),
        }),
        parseSuccess: readAssumeRoleReply,
        wire: STS_QUERY,
    }, policy, deps);
}


/***/ }),

/***/ 9694:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   idTokenUrl: () => (/* binding */ idTokenUrl),
/* harmony export */   readTokenValue: () => (/* binding */ readTokenValue),
/* harmony export */   requestIdToken: () => (/* binding */ requestIdToken)
/* harmony export */ });
/* harmony import */ var _http_call_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3249);
/* harmony import */ var _common_loopback_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8136);
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5442);
/* harmony import */ var _http_send_with_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6455);
// Requests the workflow's OIDC token from GitHub as @actions/core's getIDToken does, through the action's own transport.
// Same URL, headers and error wording as OidcClient (@actions/core 3.0.1, lib/oidc-utils.js), so a failure reads as
// it did; the request itself gets the step's attempt timeout, cancellation and retry policy, which getIDToken's
// http-client (no timeout, its own retries) did not.




const NO_TOKEN_FIELD = 'Response json body do not have ID Token field';
/** The token URL: OidcClient appends the audience with `&`, the runner's URL always has a query (?api-version=...). */
function idTokenUrl(requestUrl, audience) {
    return audience ? `${requestUrl}&audience=${encodeURIComponent(audience)}` : requestUrl;
}
/** http-client's getJson error text: the JSON body's message, else the body, else `Failed request: (status)`. */
function replyMessage(res) {
    try {
        const parsed = JSON.parse(res.body);
        if (typeof parsed?.message === 'string' && parsed.message)
            return parsed.message;
    }
    catch {
        // Not JSON: the body itself says what went wrong.
    }
    return res.body.length > 0 ? res.body : `Failed request: (${res.status})`;
}
function readTokenError(res) {
    const name = (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .statusErrorName */ .MD)(res.status);
    const message = replyMessage(res);
    return {
        name,
        message: (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__/* .safeLine */ .om)(message, 1000),
        status: res.status,
        retryClass: (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .sdkRetryClass */ .JY)(name, res.status, message),
    };
}
/**
 * The `value` of a 2xx JSON reply when it is a JWT (three base64url parts), or undefined (as getJson leaves
 * `result` null when the body is no JSON). The token is registered with the runner's masking, which has no
 * minimum length: a reply of "e" would otherwise hide every "e" in the job's log.
 */
function readTokenValue(res) {
    try {
        const parsed = JSON.parse(res.body);
        const value = typeof parsed?.value === 'string' ? parsed.value : '';
        return /^[\w-]{2,}\.[\w-]{2,}\.[\w-]*$/.test(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
const TOKEN_ENDPOINT = {
    parseError: readTokenError,
    requestId: (headers) => (0,_http_call_error_js__WEBPACK_IMPORTED_MODULE_0__/* .requestIdFrom */ .FN)(headers['x-github-request-id']),
    // The runtime token is a bearer credential: never shown, even in a debug line.
    secretHeaders: new Set(['authorization']),
};
/** OidcClient's wording for a failed request: its error code (the status, or undefined) and message. */
function failedRequest(status, message) {
    return new Error(`Failed to get ID Token. \n 
        Error Code : ${status}\n 
        Error Message: ${message}`);
}
async function fetchToken(source, audience, policy, deps) {
    const requestUrl = source.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    if (!requestUrl)
        throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
    const tokenUrl = idTokenUrl(requestUrl, audience);
    const runtimeToken = source.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!runtimeToken)
        throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
    // The runner's bearer token is known to the sinks, like the step's other secrets, before anything is sent.
    deps.secrets.remember(runtimeToken);
    let url;
    try {
        url = new URL(tokenUrl);
    }
    catch (err) {
        throw failedRequest(undefined, err.message);
    }
    // Where getIDToken logs the URL: shown, as every URL is, without its path or query (common/safe-text.ts).
    deps.log.debug(`ID token url is ${(0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__/* .shownUrl */ .zA)(url)}`);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (0,_common_loopback_js__WEBPACK_IMPORTED_MODULE_3__/* .isLoopbackHost */ .cW)(url.hostname)))
        throw new Error(`ACTIONS_ID_TOKEN_REQUEST_URL (${(0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__/* .safeLine */ .om)(url.origin, 200)}) is refused: the request carries the runner's bearer token, so it goes over https only; ${_common_loopback_js__WEBPACK_IMPORTED_MODULE_3__/* .LOOPBACK_RULE */ .x1}`);
    const outcome = await (0,_http_send_with_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .sendWithRetry */ .l)({
        label: 'GetIDToken',
        build: () => Promise.resolve({
            url,
            method: 'GET',
            headers: { accept: 'application/json', authorization: `Bearer ${runtimeToken}` },
            body: '',
        }),
        parseSuccess: readTokenValue,
        wire: TOKEN_ENDPOINT,
    }, policy, deps);
    // getJson answers a 404 with an empty result rather than an error.
    if (!outcome.ok && outcome.error.status !== 404)
        throw failedRequest(outcome.error.status, outcome.error.message);
    const token = outcome.ok ? outcome.value : undefined;
    if (!token)
        throw new Error(NO_TOKEN_FIELD);
    return token;
}
/**
 * The token for `audience`, masked before anything can print it. Every failure reads
 * `Error message: ...`, as getIDToken's do.
 */
async function requestIdToken(source, audience, policy, deps) {
    try {
        const token = await fetchToken(source, audience, policy, deps);
        deps.secrets.mask(token);
        return token;
    }
    catch (err) {
        throw new Error(`Error message: ${err.message}`);
    }
}


/***/ })

};
