"""What an uploaded file really is. Nothing is trusted until this has read it."""

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

DAMAGED = "This video is damaged or was cut off before the end. Record or export it again."
NOT_VIDEO = "This file is not a video we can read. Upload an MP4, MOV or WebM video."


class MediaError(Exception):
    """The file is not a usable video; the message says what to do."""


@dataclass(frozen=True)
class Probe:
    duration: float
    width: int
    height: int
    video_codec: str
    audio_codec: str | None
    container: str

    @property
    def playable_as_is(self) -> bool:
        """H.264 + AAC (or no audio) needs only a remux into MP4, not a transcode."""
        return self.video_codec == "h264" and self.audio_codec in ("aac", None)


def _looks_like_video(path: Path | str) -> bool:
    """MP4/MOV ("ftyp" at byte 4) or Matroska/WebM (EBML magic), by their first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(12)
    return head[4:8] == b"ftyp" or head[:4] == b"\x1a\x45\xdf\xa3"


def probe(path: Path | str) -> Probe:
    """Read every packet once: a fake or truncated file fails here, not later in the pipeline.

    The duration is measured from the packets themselves; when the header declares a longer
    one, the file was cut off.
    """
    try:
        container = av.open(str(path))
    except (av.error.InvalidDataError, av.error.FFmpegError, OSError) as error:
        raise MediaError(DAMAGED if _looks_like_video(path) else NOT_VIDEO) from error
    with container:
        if not container.streams.video:
            raise MediaError("This file has no video. Upload a video clip (MP4, MOV or WebM).")
        video = container.streams.video[0]
        audio = container.streams.audio[0] if container.streams.audio else None
        end = Fraction(0)
        decoded = False
        try:
            for packet in container.demux(video):
                if packet.pts is not None and packet.time_base is not None:
                    end = max(end, (packet.pts + (packet.duration or 0)) * packet.time_base)
                if not decoded and packet.size:
                    decoded = bool(packet.decode())
        except (av.error.InvalidDataError, av.error.FFmpegError) as error:
            raise MediaError(DAMAGED) from error
        if not decoded:
            raise MediaError("No picture could be read from this video. Record it again.")
        start = Fraction(video.start_time or 0) * (video.time_base or 1)
        measured = float(end - start)
        declared = container.duration / av.time_base if container.duration else None
        if declared and measured < 0.9 * declared - 0.5:
            raise MediaError(DAMAGED)
        return Probe(
            duration=measured,
            width=video.codec_context.width,
            height=video.codec_context.height,
            video_codec=video.codec_context.name,
            audio_codec=audio.codec_context.name if audio else None,
            container=container.format.name,
        )
