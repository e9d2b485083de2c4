// Build entry of the attachment composer chunk, fetched when the visitor first attaches a file.
import * as attach from './attach';
import { register } from './register';

register('attach', attach);
