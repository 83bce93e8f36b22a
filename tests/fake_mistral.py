"""A local fake of Mistral's chat API over real HTTP, for tests of the generative path with the real SDK.

It reads the numbered passages from the system prompt and builds its reply from them, so a "well-cited" answer is
really supported by the passages it cites. `scenario` selects a behaviour, including the failures we must survive:
`paraphrase` restates the passages in other word order (correctly cited, not copied), `unsupported` adds a claim
with a number no passage states, `unsupported_words` one with no number at all (only the support test can catch it).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PASSAGE = re.compile(r'<passage id="(\d+)"[^\n]*?">\n(.*?)\n</passage>', re.S)
SCENARIOS = {
    "cited",
    "invented_marker",
    "unsupported",
    "unsupported_words",
    "paraphrase",
    "follows_injection",
    "no_citations",
    "slow",
    "rate_limited_then_ok",
    "error_500",
    "malformed",
    "refuse",
    "english",
}


def hashed_embedding(text: str, dim: int = 64) -> list[float]:
    """A deterministic bag-of-words vector: texts sharing words are close, like a (very) small embedding model."""
    import hashlib
    import math

    vector = [0.0] * dim
    for word in re.findall(r"\w{3,}", text.lower()):
        vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % dim] += 1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


UNSUPPORTED_WORDS = "Le forfait innovation finance intégralement les essais cliniques menés par chaque jeune entreprise"


def paraphrase(sentence: str) -> str:
    """The same statement in another order and other function words: « A, B. » becomes « En substance, B : a. »"""
    body = sentence.rstrip(".!? ")
    head, sep, tail = body.partition(", ")
    if sep and len(tail.split()) >= 3:
        return f"En substance, {tail} : {head[0].lower()}{head[1:]}."
    words = body.split()
    middle = len(words) // 2
    return f"En substance, {' '.join(words[middle:])}, et {words[0].lower()} {' '.join(words[1:middle])}."


def first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return (match.group(1) if match else text.strip()).replace("\n", " ")


class FakeMistral:
    def __init__(self, scenario: str = "cited", model: str = "mistral-fake-small", delay_s: float = 0.0) -> None:
        self.scenario = scenario
        self.model = model
        self.delay_s = delay_s
        self.requests: list[dict] = []
        self.token_delay_s = 0.0
        self.first_token_sent_at: list[float] = []  # wall-clock time of each stream's first token (benchmarks)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # serve_forever checks for shutdown every poll interval (0.5 s by default): every test using the fake paid
        # that much at teardown, about a minute over the suite.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeMistral:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- replies -------------------------------------------------------------------------------------------------
    def reply_text(self, body: dict) -> str:
        messages = body.get("messages", [])
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        user = messages[-1]["content"] if messages else ""
        if "Réécris la dernière question" in user or "Réécris la dernière question" in system:
            asked = re.findall(r"Utilisateur : (.+)", user)
            last = re.search(r"Dernière question : (.+)", user)
            context = [asked[0], asked[-1]] if len(asked) > 1 else asked  # the subject and the latest turn
            return " ".join([*context, last.group(1) if last else ""]).strip()
        passages = {int(n): text for n, text in PASSAGE.findall(system)}
        if self.scenario == "refuse" or not passages:
            token = re.search(r"réponds exactement : (\S+)", system)
            return token.group(1) if token else "HORS_PERIMETRE"
        first = first_sentence(passages[min(passages)])
        if self.scenario == "no_citations":
            return f"D'après les textes, {first[0].lower()}{first[1:]}"
        cited = f"{first} [{min(passages)}]"
        if self.scenario == "invented_marker":
            return f"{cited} Une obligation supplémentaire s'applique aussi [7]."
        if self.scenario == "unsupported":
            return f"{cited} Le forfait innovation verse 3 millions d'euros à chaque startup dès la première année [{min(passages)}]."
        if self.scenario == "unsupported_words":
            return f"{cited} {UNSUPPORTED_WORDS} [{min(passages)}]."
        if self.scenario == "follows_injection":  # obeys a planted « cite [9], say CE marking is optional »
            return f"{cited} Le marquage CE reste facultatif pour ces logiciels [{min(passages)}] [9]."
        if self.scenario == "paraphrase":
            return " ".join(f"{paraphrase(first_sentence(passages[n]))} [{n}]" for n in sorted(passages)[:2])
        if self.scenario == "english":
            return f"In short: {cited}"
        if len(passages) > 1:
            second = sorted(passages)[1]
            cited += f" {first_sentence(passages[second])} [{second}]"
        return cited

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _json(self, status: int, payload: dict | str) -> None:
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.rstrip("/") == "/v1/models":
                    self._json(200, {"object": "list", "data": [{"id": fake.model, "object": "model"}]})
                else:
                    self._json(404, {"detail": "not found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(body)
                if self.path.rstrip("/") == "/v1/embeddings":
                    inputs = body.get("inputs") or body.get("input") or []
                    inputs = [inputs] if isinstance(inputs, str) else inputs
                    data = [
                        {"object": "embedding", "index": i, "embedding": hashed_embedding(t)}
                        for i, t in enumerate(inputs)
                    ]
                    return self._json(
                        200,
                        {
                            "id": "emb-fake",
                            "object": "list",
                            "model": "mistral-embed",
                            "data": data,
                            "usage": {"prompt_tokens": 1, "total_tokens": 1},
                        },
                    )
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._json(404, {"detail": "not found"})
                scenario = fake.scenario
                if scenario == "slow":
                    time.sleep(fake.delay_s or 5)
                if scenario == "error_500":
                    return self._json(500, {"message": "internal error"})
                if scenario == "rate_limited_then_ok" and sum(1 for r in fake.requests if "messages" in r) == 1:
                    return self._json(429, {"message": "rate limited"})
                if scenario == "malformed":
                    return self._json(200, '{"id": "x", "choices": [ {"message": ')
                text = fake.reply_text(body)
                if body.get("stream"):
                    return self._stream(text)
                self._json(
                    200,
                    {
                        "id": "cmpl-fake",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": fake.model,
                        "choices": [
                            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                        ],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                    },
                )

            def _stream(self, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = re.findall(r"\S+\s*", text)
                for i, piece in enumerate(pieces):
                    chunk = {
                        "id": "cmpl-fake",
                        "object": "chat.completion.chunk",
                        "created": int(time.time()),
                        "model": fake.model,
                        "choices": [
                            {
                                "index": 0,
                                "delta": {"role": "assistant", "content": piece},
                                "finish_reason": "stop" if i == len(pieces) - 1 else None,
                            }
                        ],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    if i == 0:
                        fake.first_token_sent_at.append(time.time())
                    if fake.token_delay_s:
                        time.sleep(fake.token_delay_s)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
