// Drives the official openai package's Realtime WebSocket client (openai/realtime/ws) through the voicelog
// proxy, as an agent would: configure the session, stream 20 ms chunks of microphone audio, read the
// response, cancel (which the scripted server answers with an error), close. Prints one RESULT line.
// The client forces wss://; ws's createConnection option hands it a plain TCP socket to the local proxy.
import net from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';

const port = Number(process.env.PROXY_PORT);
const chunks = Number(process.env.CHUNKS ?? 40);
const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: `http://127.0.0.1:${port}/v1` });
const rt = new OpenAIRealtimeWS(
  { model: 'gpt-realtime', options: { createConnection: () => net.connect(port, '127.0.0.1') } },
  client,
);

const received = [];
const errors = [];
let transcript = null;
rt.on('event', (e) => received.push(e.type));
rt.on('error', (err) => errors.push(err.error?.code ?? err.message));
rt.on('response.output_audio_transcript.done', (e) => { transcript = e.transcript; });
rt.on('response.done', () => rt.send({ type: 'response.cancel' }));

rt.socket.on('open', () => {
  rt.send({
    type: 'session.update',
    session: { type: 'realtime', audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 200 } } } },
  });
  const audio = Buffer.alloc(960).toString('base64');
  for (let i = 0; i < chunks; i++) {
    rt.send({ type: 'input_audio_buffer.append', audio });
  }
});

const timer = setTimeout(() => finish('timeout'), 15000);
const poll = setInterval(() => { if (errors.length > 0) finish('ok'); }, 5);

function finish(status) {
  clearTimeout(timer);
  clearInterval(poll);
  rt.socket.once('close', (code) => {
    console.log('RESULT ' + JSON.stringify({ status, received, errors, transcript, closeCode: code, protocol: rt.socket.protocol }));
    process.exit(0);
  });
  rt.close({ code: 1000, reason: 'done' });
}
