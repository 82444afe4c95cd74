"""Generate real media with known speech, for tests and benchmarks (needs espeak-ng)."""

import shutil
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def speech_wav(text: str, target: Path, *, words_per_minute: int = 150) -> Path:
    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", str(words_per_minute), "-w", str(target), text],
        check=True,
        capture_output=True,
    )
    return target


def make_clip(
    target: Path,
    *,
    text: str = "",
    seconds: float | None = None,
    container: str = "webm",
    size: tuple[int, int] = (640, 360),
    fps: int = 25,
) -> Path:
    """A video with moving colour bars and, when `text` is given, espeak-ng speaking it.

    webm: VP8 + Opus (what a phone's MediaRecorder makes); mp4: H.264 + AAC.
    """
    audio = None
    if text:
        with tempfile.TemporaryDirectory() as tmp:
            wav = speech_wav(text, Path(tmp) / "speech.wav")
            with av.open(str(wav)) as source:
                audio = [frame for frame in source.decode(audio=0)]
    if seconds is None:
        seconds = (sum(f.samples for f in audio) / audio[0].sample_rate + 0.5) if audio else 2.0
    vcodec, acodec = ("libvpx", "libopus") if container == "webm" else ("libx264", "aac")
    width, height = size
    with av.open(str(target), "w", format=container) as out:
        vout = out.add_stream(vcodec, rate=fps)
        vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
        # What a phone's recorder does: encode in real time, not for the smallest file.
        vout.options = (
            {"deadline": "realtime", "cpu-used": "8", "b": "2M"}
            if vcodec == "libvpx"
            else {"preset": "veryfast"}
        )
        aout = out.add_stream(acodec, rate=48000, layout="mono") if audio else None
        for index in range(int(seconds * fps)):
            shift = index * 4
            bars = np.zeros((height, width, 3), dtype=np.uint8)
            for band in range(8):
                x0 = (band * width // 8 + shift) % width
                bars[:, x0 : x0 + width // 8] = [(band * 37) % 256, (band * 91) % 256, 180]
            frame = av.VideoFrame.from_ndarray(bars, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, fps)
            out.mux(vout.encode(frame))
        out.mux(vout.encode(None))
        if aout is not None:
            for frame in audio:
                frame.pts = None
                out.mux(aout.encode(frame))
            out.mux(aout.encode(None))
    return target


def speech_with_pauses(
    sentences: list[str], target: Path, *, words_per_minute: int = 150, pause: float = 1.5
) -> dict:
    """A WAV of espeak-ng saying each sentence, with `pause` seconds of silence between them.

    Returns the truth to measure against: the words said and the seconds of speech (each
    sentence's audio with its leading and trailing silence trimmed).
    """
    chunks, speaking = [], 0.0
    rate = 22050
    with tempfile.TemporaryDirectory() as tmp:
        for index, sentence in enumerate(sentences):
            wav = speech_wav(
                sentence, Path(tmp) / f"{index}.wav", words_per_minute=words_per_minute
            )
            with av.open(str(wav)) as source:
                frames = [f.to_ndarray().reshape(-1) for f in source.decode(audio=0)]
                rate = source.streams.audio[0].rate
            samples = np.concatenate(frames).astype(np.int16)
            loud = np.flatnonzero(np.abs(samples) > 300)
            samples = samples[loud[0] : loud[-1] + 1] if loud.size else samples[:0]
            speaking += samples.size / rate
            if chunks:
                chunks.append(np.zeros(int(pause * rate), dtype=np.int16))
            chunks.append(samples)
    audio = np.concatenate(chunks)
    with av.open(str(target), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(audio.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        out.mux(stream.encode(None))
    words = [w for s in sentences for w in s.split()]
    return {"words": words, "speaking_seconds": speaking, "seconds": audio.size / rate}
