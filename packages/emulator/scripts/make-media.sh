#!/usr/bin/env bash
# Makes the clips the emulator serves from its CDN path: one small, playable H.264 MP4 per aspect ratio Seedance
# 2.0 Fast offers, plus the last frame of each as a JPEG.
#
# Run it from anywhere:  bash packages/emulator/scripts/make-media.sh
# Needs ffmpeg and ffprobe (with libx264) at build time only; the emulator never runs ffmpeg. The files are
# committed, so run this again only to change them. Output is bit-exact for a given ffmpeg build (single thread,
# no timestamps or encoder tags in the metadata), so re-running without changes should not dirty git.
#
# Each clip: 5 s, 24 fps (Seedance's frame rate), yuv420p, short side 240 px, `+faststart` (moov atom first, so a
# browser can start playing before the whole file is down), a moving test pattern with a label naming the ratio.
set -euo pipefail

MEDIA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/media"
FONT="${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}"
DURATION=5
FPS=24

# name:width:height (even dimensions, short side 240 px; adaptive is served with the 16:9 clip)
RATIOS=(
  "16x9:426:240"
  "9x16:240:426"
  "1x1:240:240"
  "4x3:320:240"
  "3x4:240:320"
  "21x9:560:240"
)

mkdir -p "$MEDIA_DIR"

for entry in "${RATIOS[@]}"; do
  IFS=: read -r name width height <<<"$entry"
  label="Seedance emulator ${name/x/:}"
  clip="$MEDIA_DIR/seedance-$name.mp4"
  frame="$MEDIA_DIR/seedance-$name-last-frame.jpg"

  # drawtext needs a font file; without one the clip still works, only without the label.
  filter="format=yuv420p"
  if [[ -f "$FONT" ]]; then
    escaped_label="${label//:/\\:}"
    filter="drawtext=fontfile=$FONT:text='$escaped_label':fontsize=18:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6:x=(w-text_w)/2:y=h-text_h-18,"
    filter+="drawtext=fontfile=$FONT:text='%{eif\\:n\\:d} / $((DURATION * FPS))':fontsize=14:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4:x=w-text_w-8:y=8,"
    filter+="format=yuv420p"
  else
    echo "warning: font $FONT not found, clips will have no label" >&2
  fi

  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=${width}x${height}:rate=$FPS:duration=$DURATION" \
    -vf "$filter" \
    -c:v libx264 -preset veryslow -crf 32 -profile:v high -pix_fmt yuv420p -threads 1 \
    -x264-params "keyint=48:min-keyint=24" \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
    -movflags +faststart \
    "$clip"

  ffmpeg -hide_banner -loglevel error -y -sseof -0.2 -i "$clip" -update 1 -q:v 4 \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact "$frame"

  # Check what the emulator promises: H.264, the size, the length, and moov before mdat.
  codec=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height,pix_fmt -of csv=p=0 "$clip")
  duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$clip")
  first_atoms=$(ffprobe -v trace "$clip" 2>&1 | grep -o "type:'\(ftyp\|moov\|mdat\)'" | head -3 | tr '\n' ' ')
  [[ "$codec" == "h264,$width,$height,yuv420p" ]] || { echo "unexpected stream for $clip: $codec" >&2; exit 1; }
  [[ "$first_atoms" == "type:'ftyp' type:'moov' type:'mdat' " ]] || { echo "moov is not at the start of $clip: $first_atoms" >&2; exit 1; }
  printf '%-34s %s  %ss  %6d bytes   %-44s %6d bytes\n' "$(basename "$clip")" "${width}x${height}" "$duration" \
    "$(stat -c %s "$clip")" "$(basename "$frame")" "$(stat -c %s "$frame")"
done
