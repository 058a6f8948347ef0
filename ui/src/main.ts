import { mount } from 'svelte';
import Root from './Root.svelte';
import './lib/styles/tokens.css';
import './lib/styles/app.css';
import './lib/styles/forms.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

export default mount(Root, { target });
