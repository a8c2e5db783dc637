import { render } from 'preact';
import { App } from './ui/app';

render(<App />, document.getElementById('app')!);
